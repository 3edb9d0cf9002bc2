package dev.datamgmt.storage.formats.imagefolder;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.MediaTypes;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.shard.BlobSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports and exports ImageFolder directories: {@code root/<class>/<file>}.
 *
 * <p>Import follows torchvision: class folders sorted by name give class indices 0, 1, ...; files with image
 * extensions (png, jpg, jpeg, bmp, gif, webp) become records with id {@code <class>/<file name>}; hidden files
 * and other extensions are ignored and listed in the report. A file directly under the root, an empty root or
 * an unreadable file is an error.
 *
 * <pre>{@code
 * InMemoryDataset ds = new InMemoryDataset();
 * ImportReport r = ImageFolder.importFrom(Path.of("train"), Split.TRAIN, ds);
 * }</pre>
 */
public final class ImageFolder {
  private ImageFolder() {}

  /**
   * Reads every image under {@code root}.
   *
   * @throws NotFoundException if {@code root} is not a directory
   * @throws InvalidDataException if the root holds files besides class folders, or no class folder
   * @throws StorageException if a file cannot be read
   */
  public static ImportReport importFrom(Path root, Split split, RecordSink sink) throws DataException {
    if (!Files.isDirectory(root)) {
      throw new NotFoundException("no ImageFolder directory", root.toString(), "a directory of class folders",
          Files.exists(root) ? "a file" : "nothing");
    }
    List<Path> classes = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          ignored.add(root.relativize(p).toString());
        } else if (Files.isDirectory(p)) {
          classes.add(p);
        } else {
          throw new InvalidDataException("file outside class folders", p.toString(),
              "only class folders under the root", "a file");
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot list directory", root.toString(), "a readable directory", e.toString(), e);
    }
    if (classes.isEmpty()) {
      throw new InvalidDataException("no class folders", root.toString(), "at least one class folder", "none");
    }
    int count = 0;
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      Path dir = classes.get(c);
      String cls = dir.getFileName().toString();
      names.add(cls);
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      } catch (IOException e) {
        throw new StorageException("cannot list directory", dir.toString(), "a readable directory", e.toString(), e);
      }
      for (Path f : files) {
        String fname = f.getFileName().toString();
        Optional<String> mt = MediaTypes.ofFileName(fname);
        if (fname.startsWith(".") || mt.isEmpty()) {
          ignored.add(root.relativize(f).toString());
          continue;
        }
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (IOException e) {
          throw new StorageException("cannot read image", f.toString(), "a readable file", e.toString(), e);
        }
        String id = root.relativize(f).toString().replace('\\', '/');
        sink.add(Record.builder(id).setBlob(BlobRef.of(bytes, mt.get())).optLabel(ClassLabel.of(c))
            .optSplit(split).build(), bytes);
        count++;
      }
    }
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).optLabelRequired(true)
        .addClassNames(names.toArray(String[]::new)).build();
    return new ImportReport(schema, count, ignored);
  }

  /**
   * Writes records with class labels as {@code root/<class name>/<file>}: the file name is the last path segment
   * of the record id, with the blob's usual extension added when it has none that matches.
   *
   * @param classNames class names by index (from the dataset schema)
   * @return number of files written
   * @throws InvalidDataException naming the record if it has no class label, a class outside {@code classNames},
   *     no data blob, or a file name another record already took
   */
  public static int export(List<Record> records, BlobSource blobs, List<String> classNames, Path root)
      throws DataException {
    Set<Path> written = new HashSet<>();
    try {
      // Every class gets its folder, even an empty one, so class indices survive a re-import.
      for (String c : classNames) {
        Files.createDirectories(root.resolve(c));
      }
    } catch (IOException e) {
      throw new StorageException("cannot create class folders", root.toString(), "a writable directory",
          e.toString(), e);
    }
    for (Record r : records) {
      Label l = r.label().orElse(null);
      if (!(l instanceof ClassLabel c)) {
        throw new InvalidDataException("wrong label type", "record " + r.id(), "a CLASS label",
            l == null ? "none" : l.kind().toString());
      }
      if (c.index() >= classNames.size()) {
        throw new InvalidDataException("class index out of range", "record " + r.id(),
            "0.." + (classNames.size() - 1), Integer.toString(c.index()));
      }
      BlobRef blob = r.blob().orElseThrow(() -> new IllegalArgumentException("record " + r.id() + " has no data blob"));
      String base = r.id().substring(r.id().lastIndexOf('/') + 1);
      String ext = MediaTypes.extension(blob.mediaType());
      if (!MediaTypes.ofFileName(base).map(blob.mediaType()::equals).orElse(false)) {
        base = base + ext;
      }
      Path target = root.resolve(classNames.get(c.index())).resolve(base);
      if (!written.add(target)) {
        throw new InvalidDataException("two records map to one file", "record " + r.id(), "a unique file name",
            target.toString());
      }
      byte[] bytes = blobs.read(blob);
      try {
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
      } catch (IOException e) {
        throw new StorageException("cannot write image", target.toString(), "a writable path", e.toString(), e);
      }
    }
    return written.size();
  }
}
