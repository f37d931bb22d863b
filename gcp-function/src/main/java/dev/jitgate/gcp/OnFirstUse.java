package dev.jitgate.gcp;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@code factory} makes, made on the first {@link #get} and kept. A factory that fails is
 * asked again on the next call, so that a passing fault is not remembered.
 */
final class OnFirstUse<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private OnFirstUse(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  static <T> Supplier<T> of(Supplier<T> factory) {
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
