package dev.ergokv.agent.internal;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Replaces each {@code PUTFIELD} of a persistent field by an {@code INVOKESTATIC} of the declaring
 * class's generated setter. Both consume the same operands (the instance, then the value) and
 * leave nothing, so the method's stack, locals and frames stay valid unchanged.
 */
final class FieldWriteRewriter extends MethodVisitor {

  private final FieldWriteTargets targets;

  FieldWriteRewriter(MethodVisitor delegate, FieldWriteTargets targets) {
    super(OpenedClassReader.ASM_API, delegate);
    this.targets = targets;
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    if (opcode == Opcodes.PUTFIELD) {
      String declaring = targets.declaringClass(owner, name, descriptor);
      if (declaring != null) {
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            declaring,
            Names.SETTER_PREFIX + name,
            EnhancingClassVisitor.setterDescriptor(declaring, descriptor),
            false);
        return;
      }
    }
    super.visitFieldInsn(opcode, owner, name, descriptor);
  }
}
