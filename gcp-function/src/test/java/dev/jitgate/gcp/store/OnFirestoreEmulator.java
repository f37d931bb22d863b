package dev.jitgate.gcp.store;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link FirestoreEmulator}: one for the whole test run, started when a test first
 * asks for it and stopped when the run ends. A test class that declares a {@code FirestoreEmulator}
 * parameter (say, on its {@code @BeforeAll}) gets it; when the emulator is not installed, that
 * class fails with the install command.
 */
public final class OnFirestoreEmulator implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OnFirestoreEmulator.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FirestoreEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root context's store closes what it holds (an AutoCloseable) when the run ends.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(
            FirestoreEmulator.class, k -> FirestoreEmulator.start(), FirestoreEmulator.class);
  }
}
