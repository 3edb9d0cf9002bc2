package dev.datamgmt.augment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.datamgmt.augment.audio.AudioSteps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.table.TableSteps;
import dev.datamgmt.augment.text.TextSteps;

/**
 * One operation with all of its random parameters already drawn: what a backend executes, and what
 * {@link AugmentParams} records for replay. Steps are plain values that serialize to JSON with their kind
 * in the {@code "step"} property.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "step")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ImageSteps.Warp.class, name = "warp"),
  @JsonSubTypes.Type(value = ImageSteps.GridWarp.class, name = "gridWarp"),
  @JsonSubTypes.Type(value = ImageSteps.Brightness.class, name = "brightness"),
  @JsonSubTypes.Type(value = ImageSteps.Contrast.class, name = "contrast"),
  @JsonSubTypes.Type(value = ImageSteps.Saturation.class, name = "saturation"),
  @JsonSubTypes.Type(value = ImageSteps.Hue.class, name = "hue"),
  @JsonSubTypes.Type(value = ImageSteps.Gamma.class, name = "gamma"),
  @JsonSubTypes.Type(value = ImageSteps.Grayscale.class, name = "grayscale"),
  @JsonSubTypes.Type(value = ImageSteps.Noise.class, name = "noise"),
  @JsonSubTypes.Type(value = ImageSteps.Blur.class, name = "blur"),
  @JsonSubTypes.Type(value = ImageSteps.Jpeg.class, name = "jpeg"),
  @JsonSubTypes.Type(value = ImageSteps.Pixelate.class, name = "pixelate"),
  @JsonSubTypes.Type(value = ImageSteps.Erase.class, name = "erase"),
  @JsonSubTypes.Type(value = ImageSteps.Normalize.class, name = "normalize"),
  @JsonSubTypes.Type(value = ImageSteps.Invert.class, name = "invert"),
  @JsonSubTypes.Type(value = ImageSteps.Posterize.class, name = "posterize"),
  @JsonSubTypes.Type(value = ImageSteps.Solarize.class, name = "solarize"),
  @JsonSubTypes.Type(value = ImageSteps.AutoContrast.class, name = "autoContrast"),
  @JsonSubTypes.Type(value = ImageSteps.Equalize.class, name = "equalize"),
  @JsonSubTypes.Type(value = ImageSteps.Sharpness.class, name = "sharpness"),
  @JsonSubTypes.Type(value = ImageSteps.Uint8Arithmetic.class, name = "uint8Arithmetic"),
  @JsonSubTypes.Type(value = ImageSteps.HsvShift.class, name = "hsvShift"),
  @JsonSubTypes.Type(value = ImageSteps.AugMixBlend.class, name = "augMixBlend"),
  @JsonSubTypes.Type(value = ImageSteps.Mosaic.class, name = "mosaic"),
  @JsonSubTypes.Type(value = ImageSteps.CopyPaste.class, name = "copyPaste"),
  @JsonSubTypes.Type(value = ImageSteps.IsoNoise.class, name = "isoNoise"),
  @JsonSubTypes.Type(value = ImageSteps.ChannelMap.class, name = "channelMap"),
  @JsonSubTypes.Type(value = ImageSteps.Convolve.class, name = "convolve"),
  @JsonSubTypes.Type(value = ImageSteps.MedianBlur.class, name = "medianBlur"),
  @JsonSubTypes.Type(value = ImageSteps.Clahe.class, name = "clahe"),
  @JsonSubTypes.Type(value = ImageSteps.MultiplicativeNoise.class, name = "multiplicativeNoise"),
  @JsonSubTypes.Type(value = ImageSteps.Mix.class, name = "mix"),
  @JsonSubTypes.Type(value = AudioSteps.Speed.class, name = "audioSpeed"),
  @JsonSubTypes.Type(value = AudioSteps.TimeStretch.class, name = "audioTimeStretch"),
  @JsonSubTypes.Type(value = AudioSteps.Silence.class, name = "audioSilence"),
  @JsonSubTypes.Type(value = AudioSteps.Gain.class, name = "audioGain"),
  @JsonSubTypes.Type(value = AudioSteps.Noise.class, name = "audioNoise"),
  @JsonSubTypes.Type(value = AudioSteps.Shift.class, name = "audioShift"),
  @JsonSubTypes.Type(value = AudioSteps.TimeMask.class, name = "specTimeMask"),
  @JsonSubTypes.Type(value = AudioSteps.FrequencyMask.class, name = "specFrequencyMask"),
  @JsonSubTypes.Type(value = AudioSteps.Invert.class, name = "audioInvert"),
  @JsonSubTypes.Type(value = AudioSteps.Clip.class, name = "audioClip"),
  @JsonSubTypes.Type(value = AudioSteps.Filter.class, name = "audioBiquad"),
  @JsonSubTypes.Type(value = AudioSteps.BackgroundNoise.class, name = "audioBackgroundNoise"),
  @JsonSubTypes.Type(value = AudioSteps.ImpulseResponse.class, name = "audioImpulseResponse"),
  @JsonSubTypes.Type(value = AudioSteps.Loudness.class, name = "audioLoudness"),
  @JsonSubTypes.Type(value = TextSteps.DeleteWords.class, name = "textDelete"),
  @JsonSubTypes.Type(value = TextSteps.SwapWords.class, name = "textSwap"),
  @JsonSubTypes.Type(value = TextSteps.InsertWords.class, name = "textInsert"),
  @JsonSubTypes.Type(value = TextSteps.CharNoise.class, name = "textCharNoise"),
  @JsonSubTypes.Type(value = TextSteps.ConfuseChars.class, name = "textConfuseChars"),
  @JsonSubTypes.Type(value = TextSteps.ReplaceSynonyms.class, name = "textSynonyms"),
  @JsonSubTypes.Type(value = TextSteps.CropSpan.class, name = "textCropSpan"),
  @JsonSubTypes.Type(value = TableSteps.MaskFeatures.class, name = "tableMask"),
  @JsonSubTypes.Type(value = TableSteps.NumericNoise.class, name = "tableNoise"),
  @JsonSubTypes.Type(value = TableSteps.ScaledNoise.class, name = "tableScaledNoise"),
  @JsonSubTypes.Type(value = TableSteps.PerturbCategories.class, name = "tableCategories"),
  @JsonSubTypes.Type(value = TableSteps.MixRows.class, name = "tableMix"),
  @JsonSubTypes.Type(value = TableSteps.SwapNoise.class, name = "tableSwap")
})
public interface Step {}
