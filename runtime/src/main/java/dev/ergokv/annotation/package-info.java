/**
 * Mapping annotations: {@link dev.ergokv.annotation.Entity}, {@link dev.ergokv.annotation.Key},
 * {@link dev.ergokv.annotation.Unique}, {@link dev.ergokv.annotation.Index} and friends.
 */
package dev.ergokv.annotation;
