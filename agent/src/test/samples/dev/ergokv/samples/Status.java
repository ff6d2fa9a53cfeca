package dev.ergokv.samples;

public enum Status {
  ACTIVE,
  BLOCKED
}
