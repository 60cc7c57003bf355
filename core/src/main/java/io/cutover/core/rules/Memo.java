package io.cutover.core.rules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The results of a costly pure function (libphonenumber's reading of a phone), kept for the
 * arguments seen more than once. An argument is kept on its second sighting (a table of hashes
 * remembers the first), so a column of one-off values neither fills the memory nor pushes the
 * repeated ones out; at most {@code capacity} results are kept, and past that the function simply
 * runs. One per executor JVM, shared by its tasks: thread-safe, and a race on the table of hashes
 * only loses a sighting. A hit returns the very result the function gave, so the answers do not
 * depend on what was seen before.
 */
final class Memo<K, V> {
  private final Function<K, V> function;
  private final int capacity;
  private final int[] sightings;
  private final int shift;
  private final ConcurrentHashMap<K, V> kept = new ConcurrentHashMap<>();

  /**
   * {@code sightingsBits}: log2 of the table of first sightings (4 bytes a slot); {@code function}
   * must never return null.
   */
  Memo(Function<K, V> function, int capacity, int sightingsBits) {
    this.function = function;
    this.capacity = capacity;
    this.sightings = new int[1 << sightingsBits];
    this.shift = 32 - sightingsBits;
  }

  V get(K key) {
    V known = kept.get(key);
    if (known != null) {
      return known;
    }
    V computed = function.apply(key);
    // Spread, and never 0: the table starts as zeros.
    int hash = (key.hashCode() * 0x9E3779B9) | 1;
    int slot = hash >>> shift;
    if (sightings[slot] != hash) {
      sightings[slot] = hash;
    } else if (kept.size() < capacity) {
      kept.putIfAbsent(key, computed);
    }
    return computed;
  }

  /** How many results are kept (for tests). */
  int size() {
    return kept.size();
  }
}
