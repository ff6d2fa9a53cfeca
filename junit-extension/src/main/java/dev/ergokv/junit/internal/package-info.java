/** The extension behind {@link dev.ergokv.junit.TiKVCluster}; not API. */
package dev.ergokv.junit.internal;
