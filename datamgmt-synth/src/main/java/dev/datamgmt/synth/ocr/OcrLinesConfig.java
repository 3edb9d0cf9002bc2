package dev.datamgmt.synth.ocr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of the {@value #NAME} generator: one line of text per sample, rendered with Java2D as a
 * coverage layer, then skewed (the rendered line is rotated), scaled to a fixed height, optionally warped (perspective,
 * sine wave), composited over its background, blurred (Gaussian, motion), noised and optionally passed through JPEG.
 * Labels are exact because every geometric step is applied both to the pixels (by inverse mapping) and to each glyph's
 * outline (forward): a character's box is the bounds of its transformed outline, a word's box the union of its
 * characters'.
 *
 * <p>Each sample draws, in this order: the words (count uniform in [minWords, maxWords], each uniform from the
 * word list), the font (uniform), the font size (rounded to whole pixels, as trdg/Pillow do, so glyph rasters are
 * reused), the extra character spacing, the text colour, the background kind and level, the skew angle, the blur
 * sigma and the noise sigma; then, only for the settings that are set: the perspective strength and its eight corner
 * offsets, the sine amplitude, period and phase, the motion-blur length and angle, the JPEG quality, the background
 * image and its offset (image background), the quasicrystal's wave count, frequency and phase (quasicrystal
 * background); then per-pixel noise.
 *
 * <p>The record: label {@code TextLabel(text)}; main blob an RGB PNG; blob {@value #BOXES_BLOB} a JSON object
 * {@code {"chars":[{"index":0,"char":"H","box":[x1,y1,x2,y2]},...],"words":[{"text":"Hello","box":[...]}, ...]}}
 * in output pixel coordinates (FORMAT.md "Synthetic OCR lines"). Whitespace characters have no box.
 *
 * @param fontFolder a folder of .ttf/.otf fonts, or null to use {@code fontFamilies}
 * @param fontFamilies installed font families (default {@code ["DejaVu Sans"]}), or null with a folder
 * @param words the word list, or null with a word file
 * @param wordFile a UTF-8 file of words, one per line, or null with a word list
 * @param minWords fewest words per line, {@code >= 1}
 * @param maxWords most words per line, {@code >= minWords}
 * @param fontSize font size in pixels, lowest {@code >= 4}, highest {@code <= 256}
 * @param spacing extra space after each character, pixels, lowest {@code >= -2}
 * @param textColours text colours as {@code #rrggbb}
 * @param backgrounds background kinds: {@code flat}, {@code noise}, {@code quasicrystal} (interfering plane waves
 *     darkening the background level by up to 64, as trdg draws them) or {@code image} (needs
 *     {@code backgroundFolder})
 * @param backgroundLevel background gray level, within [0, 255]
 * @param backgroundNoise standard deviation of the {@code noise} background, {@code >= 0}
 * @param skew rotation of the rendered line in degrees, within [-45, 45]
 * @param blur Gaussian blur sigma in output pixels, within [0, 5]
 * @param noise final per-pixel Gaussian noise sigma, within [0, 128]
 * @param height output height in pixels (the line is scaled to it), or 0 to keep the rendered size
 * @param maxWidth the widest a rendered line may be before the transform, or 0 for no limit; checked at build
 *     time against the longest words at the largest size, so a text that cannot fit fails then
 * @param backgroundFolder a folder of PNG/JPEG images for the {@code image} background (a random crop, tiled if
 *     smaller than the line), or null
 * @param perspective perspective strength, within [0, 0.25]: each corner of the line moves by up to this fraction
 *     of the output height in x and y; or null for none
 * @param sineAmplitude amplitude of a vertical sine-wave distortion in output pixels, within [0, 16], or null
 * @param sinePeriod period of the sine wave in output pixels, within [8, 4096] (required with an amplitude)
 * @param motionBlur motion-blur length in output pixels, within [0, 32] (below 2: none), or null
 * @param jpegQuality JPEG quality within [5, 100] whose artefacts the line carries (the stored image stays PNG), or
 *     null for none
 * @param boxes false to store no {@value #BOXES_BLOB} blob (text label only, as trdg writes); null or true: boxes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OcrLinesConfig(String fontFolder, List<String> fontFamilies, List<String> words, String wordFile,
    int minWords, int maxWords, Distribution fontSize, Distribution spacing, WeightedChoice textColours,
    WeightedChoice backgrounds, Distribution backgroundLevel, double backgroundNoise, Distribution skew,
    Distribution blur, Distribution noise, int height, int maxWidth, String backgroundFolder,
    Distribution perspective, Distribution sineAmplitude, Distribution sinePeriod, Distribution motionBlur,
    Distribution jpegQuality, Boolean boxes) implements GeneratorConfig {
  /** The generator's registered name. */
  public static final String NAME = "ocr-lines";
  /** The name of the per-character and per-word boxes blob. */
  public static final String BOXES_BLOB = "boxes";
  /** The margin around the text, in rendered pixels. */
  static final int MARGIN = 4;

  /** Validates every setting, loading the fonts and the word file. @throws InvalidSettingException naming it */
  @JsonCreator
  public OcrLinesConfig(@JsonProperty("fontFolder") String fontFolder,
      @JsonProperty("fontFamilies") List<String> fontFamilies, @JsonProperty("words") List<String> words,
      @JsonProperty("wordFile") String wordFile, @JsonProperty("minWords") int minWords,
      @JsonProperty("maxWords") int maxWords, @JsonProperty("fontSize") Distribution fontSize,
      @JsonProperty("spacing") Distribution spacing, @JsonProperty("textColours") WeightedChoice textColours,
      @JsonProperty("backgrounds") WeightedChoice backgrounds,
      @JsonProperty("backgroundLevel") Distribution backgroundLevel,
      @JsonProperty("backgroundNoise") double backgroundNoise, @JsonProperty("skew") Distribution skew,
      @JsonProperty("blur") Distribution blur, @JsonProperty("noise") Distribution noise,
      @JsonProperty("height") int height, @JsonProperty("maxWidth") int maxWidth,
      @JsonProperty("backgroundFolder") String backgroundFolder, @JsonProperty("perspective") Distribution perspective,
      @JsonProperty("sineAmplitude") Distribution sineAmplitude, @JsonProperty("sinePeriod") Distribution sinePeriod,
      @JsonProperty("motionBlur") Distribution motionBlur, @JsonProperty("jpegQuality") Distribution jpegQuality,
      @JsonProperty("boxes") Boolean boxes) {
    if (fontFolder != null && fontFamilies != null) {
      throw new InvalidSettingException("ocr.fontFolder", "either fontFolder or fontFamilies, not both",
          "fontFolder " + fontFolder + " and fontFamilies " + fontFamilies);
    }
    if (fontFolder == null && (fontFamilies == null || fontFamilies.isEmpty())) {
      throw new InvalidSettingException("ocr.fontFamilies", "at least one family (or a fontFolder)", fontFamilies);
    }
    if ((words == null) == (wordFile == null)) {
      throw new InvalidSettingException("ocr.words", "exactly one of words and wordFile",
          "words " + (words == null ? "unset" : words.size() + " words") + ", wordFile " + wordFile);
    }
    if (minWords < 1 || maxWords < minWords) {
      throw new InvalidSettingException("ocr.words per line", "1 <= minWords <= maxWords",
          "[" + minWords + ", " + maxWords + "]");
    }
    require(fontSize, "ocr.fontSize", 4, 256);
    require(spacing, "ocr.spacing", -2, 64);
    require(backgroundLevel, "ocr.backgroundLevel", 0, 255);
    require(skew, "ocr.skew", -45, 45);
    require(blur, "ocr.blur", 0, 5);
    require(noise, "ocr.noise", 0, 128);
    Objects.requireNonNull(textColours, "textColours");
    for (String c : textColours.values()) {
      parseColour(c);
    }
    if (backgrounds == null) {
      throw new InvalidSettingException("ocr.backgrounds", "a weighted choice of flat, noise, image", null);
    }
    for (String b : backgrounds.values()) {
      if (!b.equals("flat") && !b.equals("noise") && !b.equals("image") && !b.equals("quasicrystal")) {
        throw new InvalidSettingException("ocr.backgrounds", "flat, noise, quasicrystal or image", b);
      }
      if (b.equals("image") && backgroundFolder == null) {
        throw new InvalidSettingException("ocr.backgrounds", "image backgrounds only with a backgroundFolder",
            "image, backgroundFolder unset");
      }
    }
    if (perspective != null) {
      require(perspective, "ocr.perspective", 0, 0.25);
    }
    if ((sineAmplitude == null) != (sinePeriod == null)) {
      throw new InvalidSettingException("ocr.sinePeriod", "sineAmplitude and sinePeriod both set or both unset",
          "sineAmplitude " + sineAmplitude + ", sinePeriod " + sinePeriod);
    }
    if (sineAmplitude != null) {
      require(sineAmplitude, "ocr.sineAmplitude", 0, 16);
      require(sinePeriod, "ocr.sinePeriod", 8, 4096);
    }
    if (motionBlur != null) {
      require(motionBlur, "ocr.motionBlur", 0, 32);
    }
    if (jpegQuality != null) {
      require(jpegQuality, "ocr.jpegQuality", 5, 100);
    }
    if (!(backgroundNoise >= 0) || backgroundNoise > 128) {
      throw new InvalidSettingException("ocr.backgroundNoise", "0..128", backgroundNoise);
    }
    if (height < 0 || height > 1024) {
      throw new InvalidSettingException("ocr.height", "0 (keep) or 1..1024 pixels", height);
    }
    if (maxWidth < 0) {
      throw new InvalidSettingException("ocr.maxWidth", "0 (no limit) or a width in pixels", maxWidth);
    }
    this.fontFolder = fontFolder;
    this.fontFamilies = fontFamilies == null ? null : List.copyOf(fontFamilies);
    this.words = words == null ? null : List.copyOf(words);
    this.wordFile = wordFile;
    this.minWords = minWords;
    this.maxWords = maxWords;
    this.fontSize = fontSize;
    this.spacing = spacing;
    this.textColours = textColours;
    this.backgrounds = backgrounds;
    this.backgroundLevel = backgroundLevel;
    this.backgroundNoise = backgroundNoise;
    this.skew = skew;
    this.blur = blur;
    this.noise = noise;
    this.height = height;
    this.maxWidth = maxWidth;
    this.backgroundFolder = backgroundFolder;
    this.perspective = perspective;
    this.sineAmplitude = sineAmplitude;
    this.sinePeriod = sinePeriod;
    this.motionBlur = motionBlur;
    this.jpegQuality = jpegQuality;
    this.boxes = Boolean.FALSE.equals(boxes) ? Boolean.FALSE : null;
    if (backgroundFolder != null) {
      BackgroundImages.load(Path.of(backgroundFolder));
    }
    List<Font> fonts = Fonts.load(this);
    List<String> list = wordList();
    checkFit(fonts, list);
  }

  private static void require(Distribution d, String setting, double lo, double hi) {
    if (d == null || d.lowest() < lo || d.highest() > hi) {
      throw new InvalidSettingException(setting, "a distribution within [" + lo + ", " + hi + "]", d);
    }
  }

  static int parseColour(String c) {
    if (c == null || !c.matches("#[0-9a-fA-F]{6}")) {
      throw new InvalidSettingException("ocr.textColours", "colours as #rrggbb", c);
    }
    return Integer.parseInt(c.substring(1), 16);
  }

  /** The words, from the list or the file; validated (non-empty, no whitespace inside a word). */
  List<String> wordList() {
    List<String> list = words;
    if (list == null) {
      try {
        list = Files.readAllLines(Path.of(wordFile), StandardCharsets.UTF_8).stream().map(String::strip)
            .filter(s -> !s.isEmpty()).toList();
      } catch (IOException | RuntimeException e) {
        throw new InvalidSettingException("ocr.wordFile", "a readable UTF-8 file of words", wordFile + " (" + e + ")");
      }
      if (list.isEmpty()) {
        throw new InvalidSettingException("ocr.wordFile", "at least one word", wordFile + " (no words)");
      }
    }
    if (list.isEmpty()) {
      throw new InvalidSettingException("ocr.words", "at least one word", "an empty list");
    }
    for (String w : list) {
      if (w == null || w.isBlank() || w.codePoints().anyMatch(Character::isWhitespace)) {
        throw new InvalidSettingException("ocr.words", "words without whitespace", "\"" + w + "\"");
      }
    }
    return list;
  }

  /** Every word must be displayable by every font, and the widest line must fit {@link #maxWidth}. */
  private void checkFit(List<Font> fonts, List<String> list) {
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double worst = 0;
    for (Font f : fonts) {
      for (String w : list) {
        int bad = f.canDisplayUpTo(w);
        if (bad >= 0) {
          throw new InvalidSettingException("ocr.words", "characters every font can display",
              "\"" + w + "\" (character " + bad + " not in font " + f.getFontName() + ")");
        }
      }
      if (maxWidth > 0) {
        Font big = f.deriveFont((float) fontSize.highest());
        double widest = 0;
        int longest = 0;
        for (String w : list) {
          widest = Math.max(widest, big.getStringBounds(w, frc).getWidth());
          longest = Math.max(longest, w.length());
        }
        double space = big.getStringBounds(" ", frc).getWidth();
        worst = Math.max(worst, maxWords * widest + (maxWords - 1) * space
            + Math.max(0, spacing.highest()) * (maxWords * (longest + 1)) + 2 * MARGIN);
      }
    }
    if (maxWidth > 0 && worst > maxWidth) {
      throw new InvalidSettingException("ocr.maxWidth", "room for " + maxWords + " of the longest words at font size "
          + fontSize.highest() + " (" + (int) Math.ceil(worst) + " pixels)", maxWidth + " (text cannot fit)");
    }
  }

  /** Starts a configuration with {@code words}: DejaVu Sans 20..36 px, 2..5 words, skew ±3°, blur 0..1.2, height 32. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Generator newGenerator() {
    return new OcrLinesGenerator(this, null);
  }

  /** Whether samples carry the {@value #BOXES_BLOB} blob. */
  boolean withBoxes() {
    return !Boolean.FALSE.equals(boxes);
  }

  /**
   * A generator that takes its text from {@code source} instead of the word list (the word list is then only used
   * for the build-time checks). Its recorded configuration names the source's class; it cannot be rebuilt from
   * JSON alone.
   */
  public Generator newGenerator(TextSource source) {
    return new OcrLinesGenerator(this, Objects.requireNonNull(source, "source"));
  }

  /** Builds an {@link OcrLinesConfig}; words (or a word file) are required, the rest has trdg-like defaults. */
  public static final class Builder {
    private String fontFolder;
    private List<String> fontFamilies;
    private List<String> words;
    private String wordFile;
    private int minWords = 2;
    private int maxWords = 5;
    private Distribution fontSize = Distribution.uniform(20, 36);
    private Distribution spacing = Distribution.constant(0);
    private WeightedChoice textColours = WeightedChoice.uniform(List.of("#000000", "#202020", "#1a237e"));
    private WeightedChoice backgrounds;
    private Distribution backgroundLevel = Distribution.uniform(200, 255);
    private double backgroundNoise = 12;
    private Distribution skew = Distribution.uniform(-3, 3);
    private Distribution blur = Distribution.uniform(0, 1.2);
    private Distribution noise = Distribution.uniform(0, 6);
    private int height = 32;
    private int maxWidth;
    private String backgroundFolder;
    private Distribution perspective;
    private Distribution sineAmplitude;
    private Distribution sinePeriod;
    private Distribution motionBlur;
    private Distribution jpegQuality;
    private Boolean boxes;

    private Builder() {}

    /** Whether to store the character and word boxes (default true); without them a line is only image and text. */
    public Builder optBoxes(boolean boxes) {
      this.boxes = boxes ? null : Boolean.FALSE;
      return this;
    }

    /**
     * A folder of PNG/JPEG images for the {@code image} background kind; also makes {@code image} one of the
     * background kinds (weight 1 beside flat and noise) unless {@link #optBackground} names the kinds.
     */
    public Builder optBackgroundFolder(Path folder) {
      this.backgroundFolder = folder.toString();
      return this;
    }

    /** Perspective strength: corners move by up to this fraction of the output height (within [0, 0.25]). */
    public Builder optPerspective(Distribution d) {
      this.perspective = d;
      return this;
    }

    /** A vertical sine-wave distortion: amplitude and period in output pixels (the phase is uniform). */
    public Builder optSineWave(Distribution amplitude, Distribution period) {
      this.sineAmplitude = amplitude;
      this.sinePeriod = period;
      return this;
    }

    /** Motion-blur length in output pixels (the direction is uniform in [0, 180) degrees). */
    public Builder optMotionBlur(Distribution d) {
      this.motionBlur = d;
      return this;
    }

    /** JPEG quality (5..100) whose artefacts each line carries. */
    public Builder optJpegQuality(Distribution d) {
      this.jpegQuality = d;
      return this;
    }

    /** Fonts from a folder of .ttf/.otf files (conflicts with {@link #optFontFamilies}). */
    public Builder optFontFolder(Path folder) {
      this.fontFolder = folder.toString();
      return this;
    }

    /** Installed font families (default {@code ["DejaVu Sans"]}; conflicts with {@link #optFontFolder}). */
    public Builder optFontFamilies(List<String> families) {
      this.fontFamilies = List.copyOf(families);
      return this;
    }

    /** The word list (this or {@link #setWordFile} is required). */
    public Builder setWords(List<String> words) {
      this.words = List.copyOf(words);
      return this;
    }

    /** A UTF-8 file of words, one per line. */
    public Builder setWordFile(Path file) {
      this.wordFile = file.toString();
      return this;
    }

    /** Words per line, uniform in [min, max]. */
    public Builder optWordsPerLine(int min, int max) {
      this.minWords = min;
      this.maxWords = max;
      return this;
    }

    /** Font size in pixels. */
    public Builder optFontSize(Distribution d) {
      this.fontSize = d;
      return this;
    }

    /** Extra space after each character, in pixels. */
    public Builder optSpacing(Distribution d) {
      this.spacing = d;
      return this;
    }

    /** Text colours ({@code #rrggbb}) with weights. */
    public Builder optTextColours(WeightedChoice c) {
      this.textColours = c;
      return this;
    }

    /**
     * Background kinds ({@code flat}, {@code noise}, {@code quasicrystal}, {@code image}) with weights, their gray
     * level and the noise sigma.
     */
    public Builder optBackground(WeightedChoice kinds, Distribution level, double noiseSigma) {
      this.backgrounds = kinds;
      this.backgroundLevel = level;
      this.backgroundNoise = noiseSigma;
      return this;
    }

    /** Skew angle in degrees. */
    public Builder optSkew(Distribution d) {
      this.skew = d;
      return this;
    }

    /** Gaussian blur sigma, output pixels. */
    public Builder optBlur(Distribution d) {
      this.blur = d;
      return this;
    }

    /** Final per-pixel noise sigma. */
    public Builder optNoise(Distribution d) {
      this.noise = d;
      return this;
    }

    /** Output height (0 keeps the rendered size). */
    public Builder optHeight(int height) {
      this.height = height;
      return this;
    }

    /** The widest a rendered line may be (0 = no limit). */
    public Builder optMaxWidth(int maxWidth) {
      this.maxWidth = maxWidth;
      return this;
    }

    /**
     * Builds and validates, loading fonts and words.
     *
     * @throws IllegalStateException if neither words nor a word file was set
     * @throws InvalidSettingException naming a bad setting
     */
    public OcrLinesConfig build() {
      if (words == null && wordFile == null) {
        throw new IllegalStateException("words were not set; call setWords or setWordFile");
      }
      if (words != null && wordFile != null) {
        throw new InvalidSettingException("ocr.words", "either setWords or setWordFile, not both",
            "words (" + words.size() + ") and wordFile " + wordFile);
      }
      List<String> families = fontFamilies == null && fontFolder == null ? List.of("DejaVu Sans") : fontFamilies;
      WeightedChoice kinds = backgrounds != null ? backgrounds
          : WeightedChoice.uniform(backgroundFolder == null ? List.of("flat", "noise") : List.of("flat", "noise",
              "image"));
      return new OcrLinesConfig(fontFolder, families, words, wordFile, minWords, maxWords, fontSize, spacing,
          textColours, kinds, backgroundLevel, backgroundNoise, skew, blur, noise, height, maxWidth,
          backgroundFolder, perspective, sineAmplitude, sinePeriod, motionBlur, jpegQuality, boxes);
    }
  }
}
