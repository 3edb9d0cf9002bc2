package dev.datamgmt.core.label;

import java.util.Objects;

/**
 * Free text, such as the transcription of a text line or a caption.
 *
 * @param text the text, not null (may be empty)
 */
public record TextLabel(String text) implements Label {
  /** Rejects null. */
  public TextLabel {
    Objects.requireNonNull(text, "text");
  }

  /** Shorthand for {@code new TextLabel(text)}. */
  public static TextLabel of(String text) {
    return new TextLabel(text);
  }

  @Override
  public LabelKind kind() {
    return LabelKind.TEXT;
  }

  @Override
  public int maxClassIndex() {
    return -1;
  }
}
