package dev.ergokv.benchmarks.enhance;

/** An entity a benchmark can change through its own method (a field write the enhancer sees). */
public interface Changeable {

  /** Changes one field that no index covers. */
  void change(int n);
}
