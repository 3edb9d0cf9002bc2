package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.hash.ContentHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A pack's entries sorted by primitive prefix keys come out in exactly the order of the hashes' comparator. */
class PacksSortPropertiesTest {
  @Property(tries = 200)
  void sortedByHash_equalsSortingByTheHashComparator(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 600) int n, @ForAll @IntRange(min = 0, max = 32) int sharedPrefix) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] prefix = new byte[32];
    random.nextBytes(prefix);
    List<Packs.Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] d = new byte[32];
      random.nextBytes(d);
      // many hashes share their first bytes (up to all 32: equal hashes), so ties on the 5-byte key are common;
      // high bytes (>= 0x80) test the unsigned order
      int shared = random.nextBoolean() ? sharedPrefix : random.nextInt(33);
      System.arraycopy(prefix, 0, d, 0, shared);
      entries.add(new Packs.Entry(ContentHash.ofDigest(d), random.nextLong(1 << 30), random.nextInt(1 << 20)));
    }
    List<Packs.Entry> expected = new ArrayList<>(entries);
    expected.sort(Comparator.comparing(Packs.Entry::hash));
    List<Packs.Entry> actual = Packs.sortedByHash(entries);
    assertThat(actual).extracting(Packs.Entry::hash).containsExactlyElementsOf(
        expected.stream().map(Packs.Entry::hash).toList());
    assertThat(actual).containsExactlyInAnyOrderElementsOf(entries);
  }
}
