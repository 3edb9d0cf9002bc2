package dev.datamgmt.core.label;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The label of a record. A closed family: {@link ClassLabel}, {@link MultiLabel}, {@link BoxesLabel},
 * {@link KeypointsLabel}, {@link MaskLabel} and {@link TextLabel}.
 *
 * <p>In JSON a label carries its kind in the {@code "type"} property, e.g.
 * {@code {"type":"class","index":3}} or {@code {"type":"boxes","boxes":[{"x1":1.0,...,"classIndex":0}]}};
 * see FORMAT.md at the repository root.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ClassLabel.class, name = "class"),
  @JsonSubTypes.Type(value = MultiLabel.class, name = "multi"),
  @JsonSubTypes.Type(value = BoxesLabel.class, name = "boxes"),
  @JsonSubTypes.Type(value = KeypointsLabel.class, name = "keypoints"),
  @JsonSubTypes.Type(value = MaskLabel.class, name = "mask"),
  @JsonSubTypes.Type(value = TextLabel.class, name = "text")
})
public sealed interface Label
    permits ClassLabel, MultiLabel, BoxesLabel, KeypointsLabel, MaskLabel, TextLabel {

  /** Which of the label types this is. */
  @JsonIgnore
  LabelKind kind();

  /** The largest class index this label mentions, or -1 if it mentions none; used to check class ranges. */
  @JsonIgnore
  int maxClassIndex();
}
