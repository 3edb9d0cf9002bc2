package dev.datamgmt.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.BlobStoreContract;
import dev.datamgmt.core.error.StorageException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileSystemBlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() throws Exception {
    return FileSystemBlobStore.builder().setRoot(tmp.resolve("store")).build();
  }

  private Path root() {
    return ((FileSystemBlobStore) store).root();
  }

  @Test
  void put_writesAPlainFileAtTheKeysPath() throws Exception {
    store.put("objects/sha256/ab/cdef", bytes("payload"));
    assertThat(Files.readString(root().resolve("objects/sha256/ab/cdef"))).isEqualTo("payload");
  }

  @Test
  void put_leavesNoTemporaryFilesBehind() throws Exception {
    for (int i = 0; i < 20; i++) {
      store.put("k/" + i, random(10_000, i));
      store.putIfAbsent("c/" + i, bytes("x"));
      store.putIfAbsent("c/" + i, bytes("y"));
    }
    try (Stream<Path> s = Files.list(root().resolve(FileSystemBlobStore.RESERVED).resolve("tmp"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void putStream_whenLengthDoesNotMatch_failsAndKeepsTheOldObject() throws Exception {
    store.put("k", bytes("old"));
    assertThatThrownBy(() -> store.put("k", new ByteArrayInputStream(bytes("short")), 99))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("k")
        .hasMessageContaining("99 bytes")
        .hasMessageContaining("5 bytes");
    assertThat(store.get("k")).isEqualTo(bytes("old"));
  }

  @Test
  void reservedFirstSegment_isRejected() {
    assertThatThrownBy(() -> store.put(FileSystemBlobStore.RESERVED + "/tmp/x", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> store.get(FileSystemBlobStore.RESERVED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void list_doesNotShowTheReservedFolder() throws Exception {
    store.put("a", bytes("1"));
    assertThat(store.listAll("").map(BlobInfo::key).toList()).containsExactly("a");
  }

  @Test
  void keyThroughSymlinkLeavingTheRoot_isRejectedForReadsAndWrites() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "top secret");
    Files.createSymbolicLink(root().resolve("link"), outside);
    assertThatThrownBy(() -> store.get("link/secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.put("link/new", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.putIfAbsent("link/deeper/new", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(outside.resolve("new")).doesNotExist();
    assertThat(outside.resolve("deeper")).doesNotExist();
  }

  @Test
  void fileSymlinkLeavingTheRoot_isRejected() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "top secret");
    Files.createSymbolicLink(root().resolve("s"), secret);
    assertThatThrownBy(() -> store.get("s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getRange("s", 0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openStream("s")).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.listAll("").map(BlobInfo::key).toList()).doesNotContain("s");
  }

  @Test
  void keyAndChildKey_cannotBothExist_andTheFailureIsClear() throws Exception {
    store.put("a", bytes("file"));
    assertThatThrownBy(() -> store.put("a/b", bytes("x")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("a/b");
    store.put("d/e", bytes("x"));
    assertThatThrownBy(() -> store.put("d", bytes("x")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("folder");
    assertThat(store.get("a")).isEqualTo(bytes("file"));
    assertThat(store.get("d/e")).isEqualTo(bytes("x"));
  }

  @Test
  void delete_removesEmptyFolders_butNotTheRoot() throws Exception {
    store.put("x/y/z", bytes("1"));
    store.delete("x/y/z");
    assertThat(root().resolve("x")).doesNotExist();
    assertThat(root()).isDirectory();
  }

  @Test
  void open_removesStaleTemporaryFiles_only() throws Exception {
    Path tmpDir = root().resolve(FileSystemBlobStore.RESERVED).resolve("tmp");
    Path stale = Files.writeString(tmpDir.resolve("old.tmp"), "partial");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Path fresh = Files.writeString(tmpDir.resolve("new.tmp"), "in progress");
    try (FileSystemBlobStore again = FileSystemBlobStore.builder().setRoot(root()).build()) {
      assertThat(again.root()).isEqualTo(root());
      assertThat(stale).doesNotExist();
      assertThat(fresh).exists();
    }
  }

  @Test
  void builder_withoutRoot_namesTheMissingSetting() {
    assertThatThrownBy(() -> FileSystemBlobStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("root was not set; call setRoot");
  }

  @Test
  void open_keepsOnlyTheTemporaryFolderInTheReservedFolder() throws Exception {
    store.put("m", bytes("v1"));
    try (java.util.stream.Stream<java.nio.file.Path> reserved =
        java.nio.file.Files.list(root().resolve(FileSystemBlobStore.RESERVED))) {
      assertThat(reserved.map(p -> p.getFileName().toString()).toList()).containsExactly("tmp");
    }
  }

  @Test
  void closedStore_rejectsUse() {
    store.close();
    assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
