package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.record.BlobRef;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A pack writer reuses the blocks of packs it has written for the next ones: whatever the sizes of blobs and packs
 * and the number of threads putting (and flushing) at once while packs are written in the background, every blob
 * reads back as it was put (no recycled byte leaks into a later pack), every pack is named by its bytes, and every
 * distinct blob is stored exactly once.
 */
class PackWriterBlocksPropertiesTest {
  @Property(tries = 25)
  void recycledBlocks_neverLeakIntoLaterPacks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 700) int packKib,
      @ForAll @IntRange(min = 1, max = 3) int threads) throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      List<List<byte[]>> blobs = new ArrayList<>();
      List<List<BlobRef>> refs = new ArrayList<>();
      SplittableRandom random = new SplittableRandom(seed);
      List<byte[]> shared = new ArrayList<>(); // put by every thread: the same blob arriving at once, or again later
      for (int i = 0; i < 8; i++) {
        byte[] b = new byte[1 + random.nextInt(5_000)];
        random.nextBytes(b);
        shared.add(b);
      }
      for (int t = 0; t < threads; t++) {
        List<byte[]> mine = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          // mostly small, some larger than a block (128 KiB)
          byte[] b = new byte[random.nextInt(8) == 0 ? random.nextInt(300_000) : random.nextInt(20_000)];
          random.nextBytes(b);
          mine.add(b);
        }
        for (byte[] b : shared) {
          mine.add(random.nextInt(mine.size() + 1), b.clone());
        }
        blobs.add(mine);
        refs.add(new ArrayList<>());
      }
      PackWriter packs = repo.newPackWriter(packKib << 10);
      List<Thread> started = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        int me = t;
        Thread th = new Thread(() -> {
          try {
            int n = 0;
            for (byte[] b : blobs.get(me)) {
              refs.get(me).add(packs.put(b, "application/octet-stream"));
              if (me == 0 && ++n % 17 == 0) {
                packs.flush(); // while other threads put and a pack may be written in the background
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        th.start();
        started.add(th);
      }
      for (Thread th : started) {
        th.join();
      }
      packs.close();
      assertThat(failures).isEmpty();
      assertThat(packs.packsWritten()).isGreaterThan(0);
      Repository reopened = Repository.open(store); // reads the pack indexes from the store
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < blobs.get(t).size(); i++) {
          assertThat(reopened.objects().readBlob(refs.get(t).get(i).hash())).isEqualTo(blobs.get(t).get(i));
        }
      }
      assertThat(reopened.fsck().isClean()).isTrue();
      // exactly once: every distinct blob is in exactly one pack, and nothing else is
      java.util.Set<dev.datamgmt.core.hash.ContentHash> distinct = new java.util.HashSet<>();
      refs.forEach(r -> r.forEach(ref -> distinct.add(ref.hash())));
      List<dev.datamgmt.core.hash.ContentHash> packed = new ArrayList<>();
      for (Packs.PackIndex p : Packs.readAll(store, java.util.Map.of(), e -> {
        throw new AssertionError(e);
      })) {
        p.entries().forEach(e -> packed.add(e.hash()));
      }
      assertThat(packed).hasSize(distinct.size()).containsExactlyInAnyOrderElementsOf(distinct);
      assertThat(packs.blobsWritten()).isEqualTo(distinct.size());
    }
  }
}
