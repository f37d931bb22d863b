package dev.jitgate.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@code factory} makes, made on the first {@link #get} and kept. A factory that fails is
 * asked again on the next call, so that a passing fault is not remembered. The cloud modules build
 * their access providers' clients this way, so that a function's start and its first read do not
 * pay for clients only a grant or a revoke uses.
 */
public final class OnFirstUse<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private OnFirstUse(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public static <T> Supplier<T> of(Supplier<T> factory) {
    return new OnFirstUse<>(factory);
  }

  @Override
  public T get() {
    T made = value;
    if (made == null) {
      synchronized (this) {
        made = value;
        if (made == null) {
          made = Objects.requireNonNull(factory.get(), "the factory made nothing");
          value = made;
        }
      }
    }
    return made;
  }
}
