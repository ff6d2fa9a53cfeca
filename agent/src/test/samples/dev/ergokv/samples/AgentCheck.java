package dev.ergokv.samples;

import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import java.util.UUID;

/**
 * Run under {@code -javaagent} by the agent's integration test: exits non-zero with a message
 * unless entities were enhanced as they loaded and everything else was not.
 */
public final class AgentCheck {

  private AgentCheck() {}

  public static void main(String[] args) {
    Customer customer = new Customer(UUID.randomUUID(), "Ada");
    Object instance = customer;
    check(instance instanceof EnhancedEntity, "Customer does not implement EnhancedEntity");
    EnhancedEntity entity = (EnhancedEntity) instance;
    check(!entity.ergokv$hasDirty(), "a new Customer is dirty: its constructor was rewritten");
    customer.setName("Grace");
    int nameSlot = EnhancedClass.of(Customer.class).orElseThrow().fieldNames().indexOf("name");
    check(entity.ergokv$isDirty(nameSlot), "setName did not mark slot " + nameSlot);
    customer.getTags().add("x");
    entity.ergokv$clearDirty();
    customer.getTags().add("y");
    check(entity.ergokv$hasDirty(), "adding to the tracked tags list did not mark it");
    Object plain = new Plain();
    check(!(plain instanceof EnhancedEntity), "Plain was enhanced");
    check(Plain.class.getDeclaredAnnotation(Enhanced.class) == null, "Plain carries a stamp");
    check(!(((Object) new Address("a", "b")) instanceof EnhancedEntity), "a record was enhanced");
    System.out.println("agent-check: OK " + EnhancedClass.of(Customer.class).orElseThrow().fieldNames());
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      System.err.println("agent-check: FAILED: " + failure);
      System.exit(1);
    }
  }
}
