/**
 * Repository interfaces implemented with {@link java.lang.reflect.Proxy}: finder names parsed once
 * per interface into plans, and the problems of interfaces that cannot be implemented, shared with
 * the build-time validator.
 */
package dev.ergokv.internal.repository;
