package dev.ergokv.agent.internal;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * The slots of one slotted class: those of its enhanced superclasses first, then its own, as the
 * canonical field order numbers them.
 */
public final class SlotLayout {

  /** One persistent field the class declares itself. */
  public static final class OwnField {
    public final String name;
    public final String descriptor;
    public final int slot;
    public final int modifiers;
    public final boolean comparesByEquals;

    OwnField(FieldDescription.InDefinedShape field, int slot) {
      this.name = field.getName();
      this.descriptor = field.getDescriptor();
      this.slot = slot;
      this.modifiers = field.getModifiers();
      this.comparesByEquals = SlotRules.comparesByEquals(field);
    }
  }

  public final String internalName;
  public final String superInternalName;
  /** Whether no superclass is enhanced: this class holds the dirty set. */
  public final boolean root;
  public final List<OwnField> ownFields;
  public final List<String> fieldNames;
  public final List<String> tracking;
  /** One line per own slot the runtime must compare at flush, saying why. */
  public final List<String> fallbacks;

  private SlotLayout(
      String internalName,
      String superInternalName,
      boolean root,
      List<OwnField> ownFields,
      List<String> fieldNames,
      List<String> tracking,
      List<String> fallbacks) {
    this.internalName = internalName;
    this.superInternalName = superInternalName;
    this.root = root;
    this.ownFields = ownFields;
    this.fieldNames = fieldNames;
    this.tracking = tracking;
    this.fallbacks = fallbacks;
  }

  /** The layout of the slotted class {@code type}. */
  public static SlotLayout of(TypeDescription type) {
    List<String> names = new ArrayList<>();
    List<String> tracking = new ArrayList<>();
    List<TypeDescription> ancestors = EntityTypes.enhancedAncestors(type);
    for (TypeDescription ancestor : ancestors) {
      for (FieldDescription.InDefinedShape field : EntityTypes.persistentFields(ancestor)) {
        names.add(field.getName());
        tracking.add(SlotRules.tracking(field).tracking);
      }
    }
    List<OwnField> own = new ArrayList<>();
    List<String> fallbacks = new ArrayList<>();
    for (FieldDescription.InDefinedShape field : EntityTypes.persistentFields(type)) {
      SlotRules.Decision decision = SlotRules.tracking(field);
      own.add(new OwnField(field, names.size()));
      names.add(field.getName());
      tracking.add(decision.tracking);
      if (decision.reason != null) {
        fallbacks.add(
            "field "
                + field.getName()
                + " ("
                + SlotRules.readableName(field.getType())
                + ") is compared at flush: "
                + decision.reason);
      }
    }
    TypeDescription.Generic superClass = type.getSuperClass();
    return new SlotLayout(
        type.getInternalName(),
        superClass == null ? null : superClass.asErasure().getInternalName(),
        ancestors.isEmpty(),
        List.copyOf(own),
        List.copyOf(names),
        List.copyOf(tracking),
        List.copyOf(fallbacks));
  }

  /** Whether this class declares a persistent field {@code name} with {@code descriptor}. */
  public boolean declares(String name, String descriptor) {
    for (OwnField field : ownFields) {
      if (field.name.equals(name) && field.descriptor.equals(descriptor)) {
        return true;
      }
    }
    return false;
  }
}
