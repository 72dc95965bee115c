package dev.partita.hash;

/** A one-column group table that {@link PackedGroupTable} uses to give a key column's values dense ids. */
interface DictionaryTable extends GroupTable {

  /**
   * As {@link #mergeFrom(GroupTable)}, for the groups {@code g} of {@code other} with {@code keep[g]}
   * only (all when {@code keep} is null); the others map to -1 and are not added.
   */
  int[] mergeSelected(GroupTable other, boolean[] keep);
}
