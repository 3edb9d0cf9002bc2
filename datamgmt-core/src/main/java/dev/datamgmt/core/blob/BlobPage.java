package dev.datamgmt.core.blob;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in ascending key order.
 *
 * @param items the objects on this page
 * @param nextPageToken pass it to {@link BlobStore#list(String, String, int)} for the next page; null on the
 *     last page
 */
public record BlobPage(List<BlobInfo> items, String nextPageToken) {
  /** Copies the items. */
  public BlobPage {
    items = List.copyOf(items);
  }

  /** The token for the next page, if there is one. */
  public Optional<String> next() {
    return Optional.ofNullable(nextPageToken);
  }
}
