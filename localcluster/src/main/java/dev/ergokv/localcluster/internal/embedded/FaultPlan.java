package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.embedded.Fault;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.io.grpc.MethodDescriptor;

/** Faults armed per RPC name, used up call by call in the order they were armed. */
final class FaultPlan {

  static final Set<String> TIKV_METHODS = methodNames(TikvGrpc.getServiceDescriptor().getMethods());
  static final Set<String> PD_METHODS = methodNames(PDGrpc.getServiceDescriptor().getMethods());

  private static final class Armed {
    final Fault fault;
    int remaining;

    Armed(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final ConcurrentHashMap<String, Deque<Armed>> armed = new ConcurrentHashMap<>();
  // Checked first on every call: the common case, no faults at all, costs one volatile read.
  private volatile boolean any;

  void arm(String rpc, int times, Fault fault) {
    if (fault == null) {
      throw new IllegalArgumentException("fault must not be null");
    }
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times + " for " + rpc);
    }
    boolean tikv = TIKV_METHODS.contains(rpc);
    if (!tikv && !PD_METHODS.contains(rpc)) {
      throw new IllegalArgumentException(
          "unknown RPC '" + rpc + "'; TiKV methods: " + TIKV_METHODS + "; PD methods: " + PD_METHODS);
    }
    if (!tikv && fault.isRegionError()) {
      throw new IllegalArgumentException(
          fault + " is a TiKV region error; PD method " + rpc + " cannot carry it (use grpcStatus or delay)");
    }
    Deque<Armed> queue = armed.computeIfAbsent(rpc, k -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addLast(new Armed(fault, times));
    }
    any = true;
  }

  /** The fault for this call of {@code rpc}, or null to serve it normally. */
  Fault take(String rpc) {
    if (!any) {
      return null;
    }
    Deque<Armed> queue = armed.get(rpc);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      Armed head = queue.peekFirst();
      if (head == null) {
        return null;
      }
      if (--head.remaining == 0) {
        queue.pollFirst();
      }
      return head.fault;
    }
  }

  int pending(String rpc) {
    Deque<Armed> queue = armed.get(rpc);
    if (queue == null) {
      return 0;
    }
    synchronized (queue) {
      int sum = 0;
      for (Armed a : queue) {
        sum += a.remaining;
      }
      return sum;
    }
  }

  void clear() {
    armed.clear();
    any = false;
  }

  private static Set<String> methodNames(Iterable<MethodDescriptor<?, ?>> methods) {
    Set<String> names = new TreeSet<>();
    for (MethodDescriptor<?, ?> m : methods) {
      names.add(m.getBareMethodName());
    }
    return Collections.unmodifiableSet(names);
  }
}
