package dev.ergokv.agent.internal;

import java.util.Arrays;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.RecordComponentVisitor;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * The whole enhancement of one class as a single ASM pass.
 *
 * <p>Every class it visits gets the {@code @Enhanced} stamp, and every {@code PUTFIELD} to a
 * persistent field in its methods becomes a call of that field's generated setter (constructors of
 * slotted classes excepted: a new instance has nothing to be dirty against). A slotted class (one
 * with a {@link SlotLayout}) also declares {@code EnhancedEntity}, gets slot accessors and one
 * static setter per own persistent field, and, when it is the topmost enhanced class, the dirty
 * set. Generated members are synthetic; their bytecode carries its own stack map frames and maxima,
 * so no frame computation (which would need to load classes) is involved.
 */
public final class EnhancingClassVisitor extends ClassVisitor {

  private static final int GENERATED = Opcodes.ACC_SYNTHETIC;
  private static final String OBJECT = "java/lang/Object";

  private final SlotLayout layout;
  private final FieldWriteTargets targets;
  private boolean stamped;
  private boolean frames;

  /**
   * @param layout the slots of a slotted class, or null for a class nested in one (it is only
   *     stamped and has its field writes rewritten)
   */
  public EnhancingClassVisitor(
      ClassVisitor delegate, SlotLayout layout, TypePool typePool) {
    super(OpenedClassReader.ASM_API, delegate);
    this.layout = layout;
    this.targets = new FieldWriteTargets(typePool);
  }

  @Override
  public void visit(
      int version,
      int access,
      String name,
      String signature,
      String superName,
      String[] interfaces) {
    // Stack map frames exist from class file version 50 (Java 6) on.
    frames = (version & 0xFFFF) >= Opcodes.V1_6;
    String[] declared = interfaces == null ? new String[0] : interfaces;
    if (layout != null && !Arrays.asList(declared).contains(Names.ENHANCED_ENTITY)) {
      declared = Arrays.copyOf(declared, declared.length + 1);
      declared[declared.length - 1] = Names.ENHANCED_ENTITY;
    }
    super.visit(version, access, name, signature, superName, declared);
  }

  // The stamp must follow the class's own annotations and precede its members, so it is written
  // by whichever of the following events comes first.

  @Override
  public void visitNestMember(String nestMember) {
    stamp();
    super.visitNestMember(nestMember);
  }

  @Override
  public void visitPermittedSubclass(String permittedSubclass) {
    stamp();
    super.visitPermittedSubclass(permittedSubclass);
  }

  @Override
  public void visitInnerClass(String name, String outerName, String innerName, int access) {
    stamp();
    super.visitInnerClass(name, outerName, innerName, access);
  }

  @Override
  public RecordComponentVisitor visitRecordComponent(
      String name, String descriptor, String signature) {
    stamp();
    return super.visitRecordComponent(name, descriptor, signature);
  }

  @Override
  public FieldVisitor visitField(
      int access, String name, String descriptor, String signature, Object value) {
    stamp();
    int modifiers = access;
    if (layout != null && (access & Opcodes.ACC_STATIC) == 0 && layout.declares(name, descriptor)) {
      // ergokv$write sets persistent fields outside constructors, which the JVM refuses for final
      // fields. Source code was already checked by javac; only the class file loses the flag.
      modifiers &= ~Opcodes.ACC_FINAL;
    }
    return super.visitField(modifiers, name, descriptor, signature, value);
  }

  @Override
  public MethodVisitor visitMethod(
      int access, String name, String descriptor, String signature, String[] exceptions) {
    stamp();
    MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
    if (method == null || (layout != null && name.equals("<init>"))) {
      return method;
    }
    return new FieldWriteRewriter(method, targets);
  }

  @Override
  public void visitEnd() {
    stamp();
    if (layout != null) {
      if (layout.root) {
        generateDirtySet();
      }
      generateRead();
      generateWrite();
      for (SlotLayout.OwnField field : layout.ownFields) {
        generateSetter(field);
      }
    }
    super.visitEnd();
  }

  private void stamp() {
    if (stamped) {
      return;
    }
    stamped = true;
    AnnotationVisitor stamp = super.visitAnnotation(Names.ENHANCED_DESCRIPTOR, true);
    stamp.visit("format", Names.FORMAT);
    if (layout != null) {
      AnnotationVisitor fields = stamp.visitArray("fields");
      for (String name : layout.fieldNames) {
        fields.visit(null, name);
      }
      fields.visitEnd();
      AnnotationVisitor tracking = stamp.visitArray("tracking");
      for (String kind : layout.tracking) {
        tracking.visitEnum(null, Names.SLOT_TRACKING_DESCRIPTOR, kind);
      }
      tracking.visitEnd();
    }
    stamp.visitEnd();
  }

  /** The dirty-set field and the methods that own it, in the topmost enhanced class. */
  private void generateDirtySet() {
    String owner = layout.internalName;
    FieldVisitor field =
        super.visitField(
            Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | GENERATED,
            Names.DIRTY_FIELD,
            "[J",
            null,
            null);
    field.visitEnd();

    String listenerType = "L" + Names.CHANGE_LISTENER + ";";
    FieldVisitor listenerField =
        super.visitField(
            Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | GENERATED,
            Names.LISTENER_FIELD,
            listenerType,
            null,
            null);
    listenerField.visitEnd();

    // dirty = Tracking.mark(this, listener, dirty, slot): the listener hears of the first mark.
    MethodVisitor mark = publicMethod(Names.MARK_DIRTY, "(I)V");
    mark.visitVarInsn(Opcodes.ALOAD, 0);
    mark.visitVarInsn(Opcodes.ALOAD, 0);
    mark.visitVarInsn(Opcodes.ALOAD, 0);
    mark.visitFieldInsn(Opcodes.GETFIELD, owner, Names.LISTENER_FIELD, listenerType);
    mark.visitVarInsn(Opcodes.ALOAD, 0);
    mark.visitFieldInsn(Opcodes.GETFIELD, owner, Names.DIRTY_FIELD, "[J");
    mark.visitVarInsn(Opcodes.ILOAD, 1);
    mark.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        Names.TRACKING,
        "mark",
        "(L" + Names.ENHANCED_ENTITY + ";" + listenerType + "[JI)[J",
        false);
    mark.visitFieldInsn(Opcodes.PUTFIELD, owner, Names.DIRTY_FIELD, "[J");
    mark.visitInsn(Opcodes.RETURN);
    end(mark, 5, 2);

    MethodVisitor listen = publicMethod(Names.LISTEN, "(" + listenerType + ")V");
    listen.visitVarInsn(Opcodes.ALOAD, 0);
    listen.visitVarInsn(Opcodes.ALOAD, 1);
    listen.visitFieldInsn(Opcodes.PUTFIELD, owner, Names.LISTENER_FIELD, listenerType);
    listen.visitInsn(Opcodes.RETURN);
    end(listen, 2, 2);

    MethodVisitor isDirty = publicMethod(Names.IS_DIRTY, "(I)Z");
    isDirty.visitVarInsn(Opcodes.ALOAD, 0);
    isDirty.visitFieldInsn(Opcodes.GETFIELD, owner, Names.DIRTY_FIELD, "[J");
    isDirty.visitVarInsn(Opcodes.ILOAD, 1);
    isDirty.visitMethodInsn(Opcodes.INVOKESTATIC, Names.TRACKING, "isMarked", "([JI)Z", false);
    isDirty.visitInsn(Opcodes.IRETURN);
    end(isDirty, 2, 2);

    MethodVisitor hasDirty = publicMethod(Names.HAS_DIRTY, "()Z");
    hasDirty.visitVarInsn(Opcodes.ALOAD, 0);
    hasDirty.visitFieldInsn(Opcodes.GETFIELD, owner, Names.DIRTY_FIELD, "[J");
    hasDirty.visitMethodInsn(Opcodes.INVOKESTATIC, Names.TRACKING, "anyMarked", "([J)Z", false);
    hasDirty.visitInsn(Opcodes.IRETURN);
    end(hasDirty, 1, 1);

    MethodVisitor slots = publicMethod(Names.DIRTY_SLOTS, "()Ljava/util/BitSet;");
    slots.visitVarInsn(Opcodes.ALOAD, 0);
    slots.visitFieldInsn(Opcodes.GETFIELD, owner, Names.DIRTY_FIELD, "[J");
    slots.visitMethodInsn(
        Opcodes.INVOKESTATIC, Names.TRACKING, "toBitSet", "([J)Ljava/util/BitSet;", false);
    slots.visitInsn(Opcodes.ARETURN);
    end(slots, 1, 1);

    MethodVisitor clear = publicMethod(Names.CLEAR_DIRTY, "()V");
    clear.visitVarInsn(Opcodes.ALOAD, 0);
    clear.visitInsn(Opcodes.ACONST_NULL);
    clear.visitFieldInsn(Opcodes.PUTFIELD, owner, Names.DIRTY_FIELD, "[J");
    clear.visitVarInsn(Opcodes.ALOAD, 0);
    clear.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        Names.TRACKING,
        "track",
        "(L" + Names.ENHANCED_ENTITY + ";)V",
        false);
    clear.visitInsn(Opcodes.RETURN);
    end(clear, 2, 1);
  }

  /** {@code Object ergokv$read(int slot)}: a tableswitch over own slots, else the superclass's. */
  private void generateRead() {
    MethodVisitor read = publicMethod(Names.READ, "(I)Ljava/lang/Object;");
    Label fallback = new Label();
    Label[] cases = tableswitch(read, fallback);
    for (int i = 0; i < cases.length; i++) {
      SlotLayout.OwnField field = layout.ownFields.get(i);
      read.visitLabel(cases[i]);
      sameFrame(read);
      read.visitVarInsn(Opcodes.ALOAD, 0);
      read.visitFieldInsn(Opcodes.GETFIELD, layout.internalName, field.name, field.descriptor);
      box(read, Type.getType(field.descriptor));
      read.visitInsn(Opcodes.ARETURN);
    }
    read.visitLabel(fallback);
    sameFrame(read);
    read.visitVarInsn(Opcodes.ALOAD, 0);
    read.visitVarInsn(Opcodes.ILOAD, 1);
    if (layout.root) {
      throwNoSuchSlot(read);
    } else {
      read.visitMethodInsn(
          Opcodes.INVOKESPECIAL,
          layout.superInternalName,
          Names.READ,
          "(I)Ljava/lang/Object;",
          false);
      read.visitInsn(Opcodes.ARETURN);
    }
    end(read, 2, 2);
  }

  /** {@code void ergokv$write(int slot, Object value)}: raw field stores, nothing marked. */
  private void generateWrite() {
    MethodVisitor write = publicMethod(Names.WRITE, "(ILjava/lang/Object;)V");
    Label fallback = new Label();
    Label[] cases = tableswitch(write, fallback);
    for (int i = 0; i < cases.length; i++) {
      SlotLayout.OwnField field = layout.ownFields.get(i);
      write.visitLabel(cases[i]);
      sameFrame(write);
      write.visitVarInsn(Opcodes.ALOAD, 0);
      write.visitVarInsn(Opcodes.ALOAD, 2);
      unbox(write, Type.getType(field.descriptor));
      write.visitFieldInsn(Opcodes.PUTFIELD, layout.internalName, field.name, field.descriptor);
      write.visitInsn(Opcodes.RETURN);
    }
    write.visitLabel(fallback);
    sameFrame(write);
    write.visitVarInsn(Opcodes.ALOAD, 0);
    write.visitVarInsn(Opcodes.ILOAD, 1);
    if (layout.root) {
      throwNoSuchSlot(write);
    } else {
      write.visitVarInsn(Opcodes.ALOAD, 2);
      write.visitMethodInsn(
          Opcodes.INVOKESPECIAL,
          layout.superInternalName,
          Names.WRITE,
          "(ILjava/lang/Object;)V",
          false);
      write.visitInsn(Opcodes.RETURN);
    }
    end(write, 3, 3);
  }

  /**
   * {@code static void ergokv$set$<field>(Owner self, T value)}: marks the slot when the value
   * changes, then stores it. It has the field's visibility, so every class that could write the
   * field can call it.
   */
  private void generateSetter(SlotLayout.OwnField field) {
    Type type = Type.getType(field.descriptor);
    int visibility =
        field.modifiers & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE);
    MethodVisitor setter =
        super.visitMethod(
            visibility | Opcodes.ACC_STATIC | GENERATED,
            Names.SETTER_PREFIX + field.name,
            setterDescriptor(layout.internalName, field.descriptor),
            null,
            null);
    setter.visitCode();
    Label unchanged = new Label();
    setter.visitVarInsn(Opcodes.ALOAD, 0);
    setter.visitFieldInsn(Opcodes.GETFIELD, layout.internalName, field.name, field.descriptor);
    setter.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
    jumpIfSame(setter, type, field.comparesByEquals, unchanged);
    setter.visitVarInsn(Opcodes.ALOAD, 0);
    pushInt(setter, field.slot);
    setter.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL, layout.internalName, Names.MARK_DIRTY, "(I)V", false);
    setter.visitLabel(unchanged);
    sameFrame(setter);
    setter.visitVarInsn(Opcodes.ALOAD, 0);
    setter.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
    setter.visitFieldInsn(Opcodes.PUTFIELD, layout.internalName, field.name, field.descriptor);
    setter.visitInsn(Opcodes.RETURN);
    end(setter, Math.max(2, 2 * type.getSize()), 1 + type.getSize());
  }

  static String setterDescriptor(String ownerInternalName, String fieldDescriptor) {
    return "(L" + ownerInternalName + ";" + fieldDescriptor + ")V";
  }

  /** Compares the two values on the stack; jumps when the write would change nothing. */
  private static void jumpIfSame(MethodVisitor method, Type type, boolean byEquals, Label same) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
      case Type.BYTE:
      case Type.CHAR:
      case Type.SHORT:
      case Type.INT:
        method.visitJumpInsn(Opcodes.IF_ICMPEQ, same);
        break;
      case Type.LONG:
        method.visitInsn(Opcodes.LCMP);
        method.visitJumpInsn(Opcodes.IFEQ, same);
        break;
      case Type.FLOAT:
        // Float.compare, not ==: 0.0f and -0.0f are stored differently; NaN equals NaN.
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "compare", "(FF)I", false);
        method.visitJumpInsn(Opcodes.IFEQ, same);
        break;
      case Type.DOUBLE:
        method.visitMethodInsn(
            Opcodes.INVOKESTATIC, "java/lang/Double", "compare", "(DD)I", false);
        method.visitJumpInsn(Opcodes.IFEQ, same);
        break;
      default:
        if (byEquals) {
          method.visitMethodInsn(
              Opcodes.INVOKESTATIC,
              "java/util/Objects",
              "equals",
              "(Ljava/lang/Object;Ljava/lang/Object;)Z",
              false);
          method.visitJumpInsn(Opcodes.IFNE, same);
        } else {
          method.visitJumpInsn(Opcodes.IF_ACMPEQ, same);
        }
    }
  }

  /** Emits the switch on local 1 over own slots; returns one label per own field. */
  private Label[] tableswitch(MethodVisitor method, Label fallback) {
    int count = layout.ownFields.size();
    Label[] cases = new Label[count];
    if (count == 0) {
      return cases;
    }
    for (int i = 0; i < count; i++) {
      cases[i] = new Label();
    }
    int first = layout.ownFields.get(0).slot;
    method.visitVarInsn(Opcodes.ILOAD, 1);
    method.visitTableSwitchInsn(first, first + count - 1, fallback, cases);
    return cases;
  }

  private static void throwNoSuchSlot(MethodVisitor method) {
    method.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        Names.TRACKING,
        "noSuchSlot",
        "(Ljava/lang/Object;I)Ljava/lang/IndexOutOfBoundsException;",
        false);
    method.visitInsn(Opcodes.ATHROW);
  }

  private MethodVisitor publicMethod(String name, String descriptor) {
    MethodVisitor method =
        super.visitMethod(Opcodes.ACC_PUBLIC | GENERATED, name, descriptor, null, null);
    method.visitCode();
    return method;
  }

  private static void end(MethodVisitor method, int maxStack, int maxLocals) {
    method.visitMaxs(maxStack, maxLocals);
    method.visitEnd();
  }

  /** A frame with the method's parameters as locals and an empty stack. */
  private void sameFrame(MethodVisitor method) {
    if (frames) {
      method.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
    }
  }

  private static void pushInt(MethodVisitor method, int value) {
    if (value >= -1 && value <= 5) {
      method.visitInsn(Opcodes.ICONST_0 + value);
    } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      method.visitIntInsn(Opcodes.BIPUSH, value);
    } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      method.visitIntInsn(Opcodes.SIPUSH, value);
    } else {
      method.visitLdcInsn(value);
    }
  }

  private static void box(MethodVisitor method, Type type) {
    String box = boxName(type);
    if (box != null) {
      method.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          box,
          "valueOf",
          "(" + type.getDescriptor() + ")L" + box + ";",
          false);
    }
  }

  private static void unbox(MethodVisitor method, Type type) {
    String box = boxName(type);
    if (box != null) {
      method.visitTypeInsn(Opcodes.CHECKCAST, box);
      method.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL,
          box,
          type.getClassName() + "Value",
          "()" + type.getDescriptor(),
          false);
    } else if (!type.getInternalName().equals(OBJECT)) {
      method.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
    }
  }

  private static String boxName(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
        return "java/lang/Boolean";
      case Type.BYTE:
        return "java/lang/Byte";
      case Type.CHAR:
        return "java/lang/Character";
      case Type.SHORT:
        return "java/lang/Short";
      case Type.INT:
        return "java/lang/Integer";
      case Type.LONG:
        return "java/lang/Long";
      case Type.FLOAT:
        return "java/lang/Float";
      case Type.DOUBLE:
        return "java/lang/Double";
      default:
        return null;
    }
  }
}
