/** Build-time checks shared with the runtime: {@link dev.ergokv.internal.validation.BuildTimeValidator}. */
package dev.ergokv.internal.validation;
