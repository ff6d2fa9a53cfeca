/** Index queries: immutable bounds and limit, run as key-range scans of an index. */
package dev.ergokv.internal.query;
