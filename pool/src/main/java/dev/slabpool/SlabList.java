package dev.slabpool;

/** An intrusive doubly linked list of slabs: the head is the newest entry, the tail the oldest. */
final class SlabList {
  Slab head;
  Slab tail;
  int size;

  void addFirst(Slab s) {
    s.prev = null;
    s.next = head;
    if (head != null) {
      head.prev = s;
    } else {
      tail = s;
    }
    head = s;
    size++;
  }

  void remove(Slab s) {
    if (s.prev != null) {
      s.prev.next = s.next;
    } else {
      head = s.next;
    }
    if (s.next != null) {
      s.next.prev = s.prev;
    } else {
      tail = s.prev;
    }
    s.prev = null;
    s.next = null;
    size--;
  }
}
