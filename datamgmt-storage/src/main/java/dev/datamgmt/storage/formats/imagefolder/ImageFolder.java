package dev.datamgmt.storage.formats.imagefolder;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.MediaTypes;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.ingest.BadFile;
import dev.datamgmt.storage.ingest.LabelRule;
import dev.datamgmt.storage.shard.BlobSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports and exports ImageFolder directories: {@code root/<class>/<file>}.
 *
 * <p>Import follows torchvision: class folders sorted by name give class indices 0, 1, ...; files with image
 * extensions ({@link MediaTypes#isImage}: png, jpg, jpeg, gif, bmp, webp, tif, tiff) become records with id
 * {@code <class>/<file name>}; hidden files and folders and other extensions are ignored and listed in the
 * report. An image directly under the root, an empty root or an unreadable file is an error. Labels can also
 * come from any other {@link LabelRule} (a label table, the user's own function), the same rules
 * {@link dev.datamgmt.storage.ingest.DirectoryIngest} takes.
 *
 * <pre>{@code
 * InMemoryDataset ds = new InMemoryDataset();
 * ImportReport r = ImageFolder.importFrom(Path.of("train"), Split.TRAIN, ds);
 * // into a commit, small images in packs:
 * ImageFolder.importFrom(Path.of("train"), Split.TRAIN, RecordSink.into(commit));
 * }</pre>
 */
public final class ImageFolder {
  private ImageFolder() {}

  /**
   * Reads every image under {@code root}, labeled by its class folder ({@link LabelRule#imageFolder()}).
   *
   * @throws NotFoundException if {@code root} is not a directory
   * @throws InvalidDataException if the root holds images besides class folders, or no class folder
   * @throws StorageException if a file cannot be read
   */
  public static ImportReport importFrom(Path root, Split split, RecordSink sink) throws DataException {
    return importFrom(root, split, LabelRule.imageFolder(), sink);
  }

  /**
   * Reads every image under {@code root}, labeled by {@code labels}; class indices follow the sorted class names
   * (with {@link LabelRule#imageFolder()}, every class folder counts, even an empty one).
   *
   * @throws NotFoundException if {@code root} is not a directory
   * @throws InvalidDataException naming the file if the rule cannot label an image (or names one that is
   *     missing), or if no image was labeled
   * @throws dev.datamgmt.core.error.UnsupportedFormatException if the rule's label table is not CSV or Parquet
   * @throws StorageException if a file cannot be read
   */
  public static ImportReport importFrom(Path root, Split split, LabelRule labels, RecordSink sink)
      throws DataException {
    if (!Files.isDirectory(root)) {
      throw new NotFoundException("no ImageFolder directory", root.toString(), "a directory of class folders",
          Files.exists(root) ? "a file" : "nothing");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> !p.equals(root)).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StorageException("cannot list directory", root.toString(), "a readable directory", e.toString(), e);
    }
    LabelRule.Labeler labeler = labels.bind(root);
    List<String> ignored = new ArrayList<>();
    Map<String, Path> images = new LinkedHashMap<>();
    Map<String, String> classOf = new HashMap<>();
    for (Path f : files) {
      String id = id(root, f);
      if (isHidden(id)) {
        if (!isHidden(id.substring(0, Math.max(0, id.lastIndexOf('/'))))) {
          ignored.add(id); // a hidden file or folder, listed once
        }
        continue;
      }
      if (Files.isDirectory(f)) {
        continue;
      }
      if (!MediaTypes.isImage(id)) {
        ignored.add(id);
        continue;
      }
      images.put(id, f);
      if (labels.labels()) {
        String name;
        try {
          name = labeler.classOf(id, f);
        } catch (InvalidDataException e) {
          throw new InvalidDataException(e.problem(), f.toString(), e.expected(), e.found(), e);
        }
        if (name == null || name.isEmpty()) {
          throw new InvalidDataException("no label", f.toString(), "a class name from the label rule "
              + labels.description(), "none");
        }
        classOf.put(id, name);
      }
    }
    List<BadFile> unmatched = labeler.unmatched(images.keySet());
    if (!unmatched.isEmpty()) {
      BadFile b = unmatched.get(0);
      throw new InvalidDataException("label for a missing image", b.path(), "an image file under " + root,
          unmatched.size() + " missing: " + b.problem());
    }
    TreeSet<String> classNames = new TreeSet<>(labeler.knownClasses());
    classNames.addAll(classOf.values());
    if (labels.labels() && classNames.isEmpty()) {
      throw new InvalidDataException("no class folders or labeled images", root.toString(),
          "at least one class folder", "none");
    }
    List<String> names = new ArrayList<>(classNames);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    for (Map.Entry<String, Path> e : images.entrySet()) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(e.getValue());
      } catch (IOException x) {
        throw new StorageException("cannot read image", e.getValue().toString(), "a readable file", x.toString(), x);
      }
      String id = e.getKey();
      Record.Builder b = Record.builder(id).setBlob(BlobRef.of(bytes, MediaTypes.guess(id))).optSplit(split);
      if (labels.labels()) {
        b.optLabel(ClassLabel.of(index.get(classOf.get(id))));
      }
      sink.add(b.build(), bytes);
    }
    sink.flush();
    DatasetSchema schema = labels.labels()
        ? DatasetSchema.builder().setLabelKind(LabelKind.CLASS).optLabelRequired(true)
            .addClassNames(names.toArray(String[]::new)).build()
        : DatasetSchema.builder().setLabelKind(LabelKind.CLASS).build(); // no classes, labels not required
    return new ImportReport(schema, images.size(), ignored);
  }

  private static String id(Path root, Path f) {
    StringBuilder sb = new StringBuilder();
    for (Path part : root.relativize(f)) {
      sb.append(sb.length() == 0 ? "" : "/").append(part);
    }
    return Normalizer.normalize(sb.toString(), Normalizer.Form.NFC);
  }

  private static boolean isHidden(String relativePath) {
    return relativePath.startsWith(".") || relativePath.contains("/.");
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
