package dev.datamgmt.augment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import dev.datamgmt.augment.audio.AudioOps;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.table.TableOps;
import dev.datamgmt.augment.text.TextOps;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An augmentation operation: a probability and the ranges its random parameters come from. Operations are
 * immutable values that serialize to JSON with their kind in the {@code "op"} property; create them with
 * {@link ImageOps}, {@link AudioOps}, {@link TextOps}, {@link TableOps} and {@link Compose}, or write your own
 * and register it with {@link OpRegistry}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "op")
@JsonTypeIdResolver(OpTypeIdResolver.class)
// The built-in names; OpRegistry reads this list and adds user operations to it.
@JsonSubTypes({
  @JsonSubTypes.Type(value = Compose.Sequence.class, name = "sequence"),
  @JsonSubTypes.Type(value = Compose.OneOf.class, name = "oneOf"),
  @JsonSubTypes.Type(value = Compose.SomeOf.class, name = "someOf"),
  @JsonSubTypes.Type(value = ImageOps.HorizontalFlip.class, name = "horizontalFlip"),
  @JsonSubTypes.Type(value = ImageOps.VerticalFlip.class, name = "verticalFlip"),
  @JsonSubTypes.Type(value = ImageOps.Rotate.class, name = "rotate"),
  @JsonSubTypes.Type(value = ImageOps.Affine.class, name = "affine"),
  @JsonSubTypes.Type(value = ImageOps.Perspective.class, name = "perspective"),
  @JsonSubTypes.Type(value = ImageOps.RandomResizedCrop.class, name = "randomResizedCrop"),
  @JsonSubTypes.Type(value = ImageOps.PadCrop.class, name = "padCrop"),
  @JsonSubTypes.Type(value = ImageOps.GridDistortion.class, name = "gridDistortion"),
  @JsonSubTypes.Type(value = ImageOps.Resize.class, name = "resize"),
  @JsonSubTypes.Type(value = ImageOps.LongestMaxSize.class, name = "longestMaxSize"),
  @JsonSubTypes.Type(value = ImageOps.SmallestMaxSize.class, name = "smallestMaxSize"),
  @JsonSubTypes.Type(value = ImageOps.PadIfNeeded.class, name = "padIfNeeded"),
  @JsonSubTypes.Type(value = ImageOps.CenterCrop.class, name = "centerCrop"),
  @JsonSubTypes.Type(value = ImageOps.RandomRotate90.class, name = "randomRotate90"),
  @JsonSubTypes.Type(value = ImageOps.Transpose.class, name = "transpose"),
  @JsonSubTypes.Type(value = ImageOps.RandomSizedBBoxSafeCrop.class, name = "randomSizedBBoxSafeCrop"),
  @JsonSubTypes.Type(value = ImageOps.AtLeastOneBBoxRandomCrop.class, name = "atLeastOneBBoxRandomCrop"),
  @JsonSubTypes.Type(value = ImageOps.Brightness.class, name = "brightness"),
  @JsonSubTypes.Type(value = ImageOps.Contrast.class, name = "contrast"),
  @JsonSubTypes.Type(value = ImageOps.Saturation.class, name = "saturation"),
  @JsonSubTypes.Type(value = ImageOps.Hue.class, name = "hue"),
  @JsonSubTypes.Type(value = ImageOps.Gamma.class, name = "gamma"),
  @JsonSubTypes.Type(value = ImageOps.Grayscale.class, name = "grayscale"),
  @JsonSubTypes.Type(value = ImageOps.Invert.class, name = "invert"),
  @JsonSubTypes.Type(value = ImageOps.Posterize.class, name = "posterize"),
  @JsonSubTypes.Type(value = ImageOps.Solarize.class, name = "solarize"),
  @JsonSubTypes.Type(value = ImageOps.AutoContrast.class, name = "autoContrast"),
  @JsonSubTypes.Type(value = ImageOps.Equalize.class, name = "equalize"),
  @JsonSubTypes.Type(value = ImageOps.Sharpness.class, name = "sharpness"),
  @JsonSubTypes.Type(value = ImageOps.ColorJitter.class, name = "colorJitter"),
  @JsonSubTypes.Type(value = ImageOps.HueSaturationValue.class, name = "hueSaturationValue"),
  @JsonSubTypes.Type(value = dev.datamgmt.augment.image.Policies.RandAugment.class, name = "randAugment"),
  @JsonSubTypes.Type(value = dev.datamgmt.augment.image.Policies.TrivialAugmentWide.class, name = "trivialAugmentWide"),
  @JsonSubTypes.Type(value = dev.datamgmt.augment.image.Policies.AutoAugment.class, name = "autoAugmentImageNet"),
  @JsonSubTypes.Type(value = dev.datamgmt.augment.image.Policies.AugMix.class, name = "augMix"),
  @JsonSubTypes.Type(value = ImageOps.GaussianNoise.class, name = "gaussianNoise"),
  @JsonSubTypes.Type(value = ImageOps.GaussianBlur.class, name = "gaussianBlur"),
  @JsonSubTypes.Type(value = ImageOps.JpegQuality.class, name = "jpegQuality"),
  @JsonSubTypes.Type(value = ImageOps.Pixelate.class, name = "pixelate"),
  @JsonSubTypes.Type(value = ImageOps.RandomErasing.class, name = "randomErasing"),
  @JsonSubTypes.Type(value = ImageOps.Normalize.class, name = "normalize"),
  @JsonSubTypes.Type(value = ImageOps.Mixup.class, name = "mixup"),
  @JsonSubTypes.Type(value = ImageOps.CutMix.class, name = "cutMix"),
  @JsonSubTypes.Type(value = ImageOps.Mosaic.class, name = "mosaic"),
  @JsonSubTypes.Type(value = ImageOps.CopyPaste.class, name = "copyPaste"),
  @JsonSubTypes.Type(value = ImageOps.IsoNoise.class, name = "isoNoise"),
  @JsonSubTypes.Type(value = ImageOps.RandomScale.class, name = "randomScale"),
  @JsonSubTypes.Type(value = ImageOps.ElasticTransform.class, name = "elasticTransform"),
  @JsonSubTypes.Type(value = ImageOps.OpticalDistortion.class, name = "opticalDistortion"),
  @JsonSubTypes.Type(value = ImageOps.RandomIoUCrop.class, name = "randomIoUCrop"),
  @JsonSubTypes.Type(value = ImageOps.CoarseDropout.class, name = "coarseDropout"),
  @JsonSubTypes.Type(value = ImageOps.GridDropout.class, name = "gridDropout"),
  @JsonSubTypes.Type(value = ImageOps.RgbShift.class, name = "rgbShift"),
  @JsonSubTypes.Type(value = ImageOps.ChannelShuffle.class, name = "channelShuffle"),
  @JsonSubTypes.Type(value = ImageOps.MotionBlur.class, name = "motionBlur"),
  @JsonSubTypes.Type(value = ImageOps.Defocus.class, name = "defocus"),
  @JsonSubTypes.Type(value = ImageOps.MedianBlur.class, name = "medianBlur"),
  @JsonSubTypes.Type(value = ImageOps.Clahe.class, name = "clahe"),
  @JsonSubTypes.Type(value = ImageOps.MultiplicativeNoise.class, name = "multiplicativeNoise"),
  @JsonSubTypes.Type(value = AudioOps.Speed.class, name = "audioSpeed"),
  @JsonSubTypes.Type(value = AudioOps.TimeStretch.class, name = "audioTimeStretch"),
  @JsonSubTypes.Type(value = AudioOps.Silence.class, name = "audioSilence"),
  @JsonSubTypes.Type(value = AudioOps.Gain.class, name = "audioGain"),
  @JsonSubTypes.Type(value = AudioOps.Noise.class, name = "audioNoise"),
  @JsonSubTypes.Type(value = AudioOps.Shift.class, name = "audioShift"),
  @JsonSubTypes.Type(value = AudioOps.PitchShift.class, name = "audioPitchShift"),
  @JsonSubTypes.Type(value = AudioOps.PolarityInversion.class, name = "audioPolarityInversion"),
  @JsonSubTypes.Type(value = AudioOps.ClippingDistortion.class, name = "audioClippingDistortion"),
  @JsonSubTypes.Type(value = AudioOps.FrequencyFilter.class, name = "audioFilter"),
  @JsonSubTypes.Type(value = AudioOps.BackgroundNoise.class, name = "audioBackgroundNoise"),
  @JsonSubTypes.Type(value = AudioOps.ImpulseResponse.class, name = "audioImpulseResponse"),
  @JsonSubTypes.Type(value = AudioOps.LoudnessNormalization.class, name = "audioLoudnessNormalization"),
  @JsonSubTypes.Type(value = AudioOps.TimeMask.class, name = "specTimeMask"),
  @JsonSubTypes.Type(value = AudioOps.FrequencyMask.class, name = "specFrequencyMask"),
  @JsonSubTypes.Type(value = TextOps.WordDeletion.class, name = "wordDeletion"),
  @JsonSubTypes.Type(value = TextOps.WordSwap.class, name = "wordSwap"),
  @JsonSubTypes.Type(value = TextOps.WordInsertion.class, name = "wordInsertion"),
  @JsonSubTypes.Type(value = TextOps.CharNoise.class, name = "charNoise"),
  @JsonSubTypes.Type(value = TextOps.CharConfusion.class, name = "charConfusion"),
  @JsonSubTypes.Type(value = TextOps.SynonymReplacement.class, name = "synonymReplacement"),
  @JsonSubTypes.Type(value = TextOps.SpanCrop.class, name = "spanCrop"),
  @JsonSubTypes.Type(value = TableOps.FeatureMasking.class, name = "featureMasking"),
  @JsonSubTypes.Type(value = TableOps.NumericNoise.class, name = "numericNoise"),
  @JsonSubTypes.Type(value = TableOps.ScaledNoise.class, name = "scaledNoise"),
  @JsonSubTypes.Type(value = TableOps.CategoricalPerturbation.class, name = "categoricalPerturbation"),
  @JsonSubTypes.Type(value = TableOps.TableMixup.class, name = "tableMixup"),
  @JsonSubTypes.Type(value = TableOps.SwapNoise.class, name = "swapNoise")
})
public interface Op {
  /** The probability in {@code [0, 1]} that this operation is applied to a sample. */
  double p();

  /**
   * Draws this operation's parameters for one sample and appends the resulting steps. Called only when
   * the operation was chosen (its probability coin came up); composite operations decide for their
   * children through {@link #maybeSample}.
   *
   * @param ctx the shape of the sample as the steps so far leave it; geometric operations update it
   * @param rng the sample's random stream
   * @param out where the drawn steps go
   */
  void sample(SampleContext ctx, SplittableRandom rng, List<Step> out);

  /**
   * This operation with probability {@code p}. Every built-in operation overrides this to return its own type
   * with only {@code p} changed ({@code ImageOps.rotate(15).withP(0.5)}); operations without a probability of
   * their own (normalize, user operations that do not override it) are wrapped in a one-element
   * {@link Compose#sequence} that has probability {@code p}.
   *
   * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1]}
   */
  default Op withP(double p) {
    return new Compose.Sequence(p, List.of(this));
  }

  /** Flips {@code op}'s probability coin and, if it comes up, samples it. */
  static void maybeSample(Op op, SampleContext ctx, SplittableRandom rng, List<Step> out) {
    double coin = rng.nextDouble();
    if (coin < op.p()) {
      op.sample(ctx, rng, out);
    } else {
      op.skip(ctx, rng, out);
    }
  }

  /**
   * What the operation does when its coin does not come up: nothing, except for operations that must
   * fix the output size (e.g. a random resized crop still resizes), which override this.
   */
  default void skip(SampleContext ctx, SplittableRandom rng, List<Step> out) {}

  /** Checks that a probability is in {@code [0, 1]}; returns it. */
  static double checkP(String op, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(op + " probability p must be in [0, 1]: " + p);
    }
    return p;
  }
}
