package dev.ergokv.enhance;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.UnaryOperator;

/** A list that marks its slot dirty on every change made through it or its views. */
class TrackedList<E> extends TrackedCollection<E> implements List<E> {

  private final List<E> list;

  TrackedList(List<E> delegate, SlotRef ref) {
    super(delegate, ref);
    this.list = delegate;
  }

  /** Keeps the {@link RandomAccess} marker, which algorithms use to pick indexed loops. */
  static final class RandomAccessList<E> extends TrackedList<E> implements RandomAccess {
    RandomAccessList(List<E> delegate, SlotRef ref) {
      super(delegate, ref);
    }
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> c) {
    return changedIf(list.addAll(index, c));
  }

  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    list.replaceAll(operator);
    if (!list.isEmpty()) {
      ref.changed();
    }
  }

  @Override
  public void sort(Comparator<? super E> c) {
    list.sort(c);
    if (list.size() > 1) {
      ref.changed();
    }
  }

  @Override
  public E get(int index) {
    return list.get(index);
  }

  @Override
  public E set(int index, E element) {
    E previous = list.set(index, element);
    if (!Objects.equals(previous, element)) {
      ref.changed();
    }
    return previous;
  }

  @Override
  public void add(int index, E element) {
    list.add(index, element);
    ref.changed();
  }

  @Override
  public E remove(int index) {
    E removed = list.remove(index);
    ref.changed();
    return removed;
  }

  @Override
  public int indexOf(Object o) {
    return list.indexOf(o);
  }

  @Override
  public int lastIndexOf(Object o) {
    return list.lastIndexOf(o);
  }

  @Override
  public ListIterator<E> listIterator() {
    return new TrackedListIterator<>(list.listIterator(), ref);
  }

  @Override
  public ListIterator<E> listIterator(int index) {
    return new TrackedListIterator<>(list.listIterator(index), ref);
  }

  @Override
  public List<E> subList(int fromIndex, int toIndex) {
    List<E> view = list.subList(fromIndex, toIndex);
    return view instanceof RandomAccess
        ? new RandomAccessList<>(view, ref)
        : new TrackedList<>(view, ref);
  }
}
