package dev.datamgmt.synth.receipt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.internal.FontFiles;
import dev.datamgmt.synth.internal.Warp;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The configuration of the {@value #NAME} generator: a shop receipt laid out as lines of text (shop name, receipt
 * number, date and time, item lines with quantity, unit price and amount, subtotal, tax and a total that add up
 * to the cent, a barcode-like strip) rendered onto paper, crumpled by a smooth mesh warp, seen through a camera
 * (perspective onto a darker surface), lit by a gradient and a shadow, blurred, noised and stored as JPEG.
 *
 * <p>Labels are exact after the warp because glyph outlines go through the same mesh and perspective maps as the
 * pixels (the pixels by inverse mapping): a word's box is the bounds of its warped outlines, a line's box the union
 * of its words'. The record: label {@code TextLabel} (the lines joined by {@code \n}); main blob an
 * {@code image/jpeg}; blob {@value #BOXES_BLOB} the JSON
 * {@code {"lines":[{"box":[x1,y1,x2,y2],"text":"TOTAL EUR 13.20"},...],"words":[{"box":[...],"line":0,"text":"TOTAL"},...]}}
 * in output pixels; attributes {@code total} and {@code subtotal} and {@code tax} (decimal strings, two places),
 * {@code currency}, {@code date} (ISO), {@code items} (count). FORMAT.md "Synthetic receipts".
 *
 * <p>Each sample draws, in this order: the font, the font size, the shop, the receipt number, the date (uniform in
 * [dateFrom, dateTo]) and time, the item count, then per item its name, quantity and unit price in cents; the tax
 * rate; the barcode bars; the paper level; the crumple strength and its node offsets; the perspective strength and
 * its eight corner offsets; the surface level; the lighting gradient (strength, direction); the shadow (darkness,
 * direction, offset); blur, noise and JPEG quality; then per-pixel noise.
 *
 * @param fontFolder a folder of .ttf/.otf fonts, or null to use {@code fontFamilies}
 * @param fontFamilies installed font families (default {@code ["DejaVu Sans Mono"]}), or null with a folder
 * @param shops shop names printed as the header
 * @param items item names
 * @param minItems fewest item lines, {@code >= 1}
 * @param maxItems most item lines, {@code >= minItems}, {@code <= 60}
 * @param maxQuantity the largest quantity of an item line (uniform in [1, maxQuantity]), 1..99
 * @param unitPrice unit price in currency units, within [0.01, 9999]
 * @param taxPercent tax rate in percent, within [0, 50] (rounded to a tenth)
 * @param currency the currency code printed beside the total
 * @param dateFrom earliest date, ISO {@code yyyy-mm-dd}
 * @param dateTo latest date, ISO, not before {@code dateFrom}
 * @param paperWidth paper width in pixels, 160..1600
 * @param fontSize font size in pixels, within [8, 48] (rounded to whole pixels)
 * @param crumple largest displacement of the crumple mesh's nodes in pixels, at most a sixth of a mesh cell
 *     (paper width / 4)
 * @param perspective camera perspective: each paper corner moves by up to this fraction of the paper width, within
 *     [0, 0.2]
 * @param lighting strength of the lighting gradient (darkening across the image), within [0, 0.8]
 * @param shadow darkness of the shadow over part of the image, within [0, 0.8]
 * @param blur Gaussian blur sigma in pixels, within [0, 4]
 * @param noise per-pixel Gaussian noise sigma, within [0, 64]
 * @param jpegQuality JPEG quality of the stored image, within [5, 100]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiptsConfig(String fontFolder, List<String> fontFamilies, List<String> shops, List<String> items,
    int minItems, int maxItems, int maxQuantity, Distribution unitPrice, Distribution taxPercent, String currency,
    String dateFrom, String dateTo, int paperWidth, Distribution fontSize, Distribution crumple,
    Distribution perspective, Distribution lighting, Distribution shadow, Distribution blur, Distribution noise,
    Distribution jpegQuality) implements GeneratorConfig {
  /** The generator's registered name. */
  public static final String NAME = "receipts";
  /** The name of the per-word and per-line boxes blob. */
  public static final String BOXES_BLOB = "boxes";
  /** Columns and rows of paper per crumple-mesh cell: the cell is a quarter of the paper width. */
  static final int MESH_COLUMNS = 4;

  /** Validates every setting and loads the fonts. @throws InvalidSettingException naming it */
  @JsonCreator
  public ReceiptsConfig(@JsonProperty("fontFolder") String fontFolder,
      @JsonProperty("fontFamilies") List<String> fontFamilies, @JsonProperty("shops") List<String> shops,
      @JsonProperty("items") List<String> items, @JsonProperty("minItems") int minItems,
      @JsonProperty("maxItems") int maxItems, @JsonProperty("maxQuantity") int maxQuantity,
      @JsonProperty("unitPrice") Distribution unitPrice, @JsonProperty("taxPercent") Distribution taxPercent,
      @JsonProperty("currency") String currency, @JsonProperty("dateFrom") String dateFrom,
      @JsonProperty("dateTo") String dateTo, @JsonProperty("paperWidth") int paperWidth,
      @JsonProperty("fontSize") Distribution fontSize, @JsonProperty("crumple") Distribution crumple,
      @JsonProperty("perspective") Distribution perspective, @JsonProperty("lighting") Distribution lighting,
      @JsonProperty("shadow") Distribution shadow, @JsonProperty("blur") Distribution blur,
      @JsonProperty("noise") Distribution noise, @JsonProperty("jpegQuality") Distribution jpegQuality) {
    if (fontFolder != null && fontFamilies != null) {
      throw new InvalidSettingException("receipt.fontFolder", "either fontFolder or fontFamilies, not both",
          "fontFolder " + fontFolder + " and fontFamilies " + fontFamilies);
    }
    if (fontFolder == null && (fontFamilies == null || fontFamilies.isEmpty())) {
      throw new InvalidSettingException("receipt.fontFamilies", "at least one family (or a fontFolder)",
          fontFamilies);
    }
    requireTexts(shops, "receipt.shops");
    requireTexts(items, "receipt.items");
    if (minItems < 1 || maxItems < minItems || maxItems > 60) {
      throw new InvalidSettingException("receipt.items per receipt", "1 <= minItems <= maxItems <= 60",
          "[" + minItems + ", " + maxItems + "]");
    }
    if (maxQuantity < 1 || maxQuantity > 99) {
      throw new InvalidSettingException("receipt.maxQuantity", "1..99", maxQuantity);
    }
    require(unitPrice, "receipt.unitPrice", 0.01, 9999);
    require(taxPercent, "receipt.taxPercent", 0, 50);
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw new InvalidSettingException("receipt.currency", "a three-letter code like EUR", currency);
    }
    LocalDate from = date("receipt.dateFrom", dateFrom);
    LocalDate to = date("receipt.dateTo", dateTo);
    if (to.isBefore(from)) {
      throw new InvalidSettingException("receipt.dateTo", "not before dateFrom " + dateFrom, dateTo);
    }
    if (paperWidth < 160 || paperWidth > 1600) {
      throw new InvalidSettingException("receipt.paperWidth", "160..1600 pixels", paperWidth);
    }
    require(fontSize, "receipt.fontSize", 8, 48);
    require(crumple, "receipt.crumple", 0, Warp.maxMeshDisplacement(paperWidth / (double) MESH_COLUMNS));
    require(perspective, "receipt.perspective", 0, 0.2);
    require(lighting, "receipt.lighting", 0, 0.8);
    require(shadow, "receipt.shadow", 0, 0.8);
    require(blur, "receipt.blur", 0, 4);
    require(noise, "receipt.noise", 0, 64);
    require(jpegQuality, "receipt.jpegQuality", 5, 100);
    this.fontFolder = fontFolder;
    this.fontFamilies = fontFamilies == null ? null : List.copyOf(fontFamilies);
    this.shops = List.copyOf(shops);
    this.items = List.copyOf(items);
    this.minItems = minItems;
    this.maxItems = maxItems;
    this.maxQuantity = maxQuantity;
    this.unitPrice = unitPrice;
    this.taxPercent = taxPercent;
    this.currency = currency;
    this.dateFrom = dateFrom;
    this.dateTo = dateTo;
    this.paperWidth = paperWidth;
    this.fontSize = fontSize;
    this.crumple = crumple;
    this.perspective = perspective;
    this.lighting = lighting;
    this.shadow = shadow;
    this.blur = blur;
    this.noise = noise;
    this.jpegQuality = jpegQuality;
    checkFit(fonts());
  }

  List<Font> fonts() {
    return FontFiles.load("receipt", fontFolder, fontFamilies);
  }

  private static void requireTexts(List<String> list, String setting) {
    if (list == null || list.isEmpty()) {
      throw new InvalidSettingException(setting, "at least one entry", list);
    }
    for (String s : list) {
      if (s == null || s.isBlank() || !s.equals(s.strip()) || s.contains("  ") || s.contains("\n")) {
        throw new InvalidSettingException(setting, "non-blank single-spaced one-line texts", "\"" + s + "\"");
      }
    }
  }

  private static void require(Distribution d, String setting, double lo, double hi) {
    if (d == null || d.lowest() < lo || d.highest() > hi) {
      throw new InvalidSettingException(setting, "a distribution within [" + lo + ", " + hi + "]", d);
    }
  }

  private static LocalDate date(String setting, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new InvalidSettingException(setting, "an ISO date yyyy-mm-dd", value);
    }
  }

  /**
   * Every text must be displayable by every font, and the widest line (the longest shop, or the longest item with
   * the largest quantity and price) must fit the paper at the largest font size.
   */
  private void checkFit(List<Font> fonts) {
    FontRenderContext frc = new FontRenderContext(null, true, true);
    String longestItem = items.stream().max((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow();
    String price = ReceiptLayout.money(Math.round(unitPrice.highest() * 100));
    String itemLine = longestItem + " " + maxQuantity + " x " + price + "  "
        + ReceiptLayout.money(Math.round(unitPrice.highest() * 100) * maxQuantity);
    for (Font f : fonts) {
      for (List<String> texts : List.of(shops, items, List.of(currency))) {
        for (String t : texts) {
          int bad = f.canDisplayUpTo(t);
          if (bad >= 0) {
            throw new InvalidSettingException("receipt.items", "characters every font can display",
                "\"" + t + "\" (character " + bad + " not in font " + f.getFontName() + ")");
          }
        }
      }
      Font big = f.deriveFont((float) Math.round(fontSize.highest()));
      double room = paperWidth - 2 * ReceiptLayout.PAD;
      double widest = big.getStringBounds(itemLine, frc).getWidth();
      if (widest > room) {
        throw new InvalidSettingException("receipt.paperWidth", "room for the widest item line \"" + itemLine
            + "\" at font size " + Math.round(fontSize.highest()) + " (" + (int) Math.ceil(widest + 2
            * ReceiptLayout.PAD) + " pixels)", paperWidth + " (text cannot fit)");
      }
      for (String s : shops) {
        if (big.getStringBounds(s, frc).getWidth() > room) {
          throw new InvalidSettingException("receipt.shops", "shop names that fit the paper width " + paperWidth,
              "\"" + s + "\" (text cannot fit)");
        }
      }
    }
  }

  /** Starts a configuration with built-in shops and items: 3..12 items, DejaVu Sans Mono 13..18 px, 384 px paper. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Generator newGenerator() {
    return new ReceiptsGenerator(this);
  }

  /** Builds a {@link ReceiptsConfig}; every setting has a default. */
  public static final class Builder {
    private String fontFolder;
    private List<String> fontFamilies;
    private List<String> shops = List.of("CORNER MARKET", "Baeckerei Sonne", "FRESH & GO", "City Pharmacy",
        "Hardware Hub", "Cafe Nord");
    private List<String> items = List.of("Milk 1L", "Bread", "Butter", "Apples", "Coffee beans", "Tea", "Eggs x10",
        "Cheese", "Tomatoes", "Pasta", "Rice 1kg", "Olive oil", "Water 6x1.5L", "Chocolate", "Yogurt", "Soap",
        "Batteries AA", "Screws M4", "Croissant", "Espresso", "Orange juice", "Bananas");
    private int minItems = 3;
    private int maxItems = 12;
    private int maxQuantity = 5;
    private Distribution unitPrice = Distribution.logUniform(0.3, 40);
    private Distribution taxPercent = Distribution.constant(7);
    private String currency = "EUR";
    private String dateFrom = "2020-01-01";
    private String dateTo = "2026-12-31";
    private int paperWidth = 384;
    private Distribution fontSize = Distribution.uniform(13, 18);
    private Distribution crumple = Distribution.uniform(0, 6);
    private Distribution perspective = Distribution.uniform(0, 0.08);
    private Distribution lighting = Distribution.uniform(0, 0.4);
    private Distribution shadow = Distribution.uniform(0, 0.35);
    private Distribution blur = Distribution.uniform(0, 1.2);
    private Distribution noise = Distribution.uniform(0, 8);
    private Distribution jpegQuality = Distribution.uniform(40, 95);

    private Builder() {}

    /** Fonts from a folder of .ttf/.otf files (conflicts with {@link #optFontFamilies}). */
    public Builder optFontFolder(java.nio.file.Path folder) {
      this.fontFolder = folder.toString();
      return this;
    }

    /** Installed font families (default {@code ["DejaVu Sans Mono"]}; conflicts with {@link #optFontFolder}). */
    public Builder optFontFamilies(List<String> families) {
      this.fontFamilies = List.copyOf(families);
      return this;
    }

    /** Shop names. */
    public Builder optShops(List<String> shops) {
      this.shops = List.copyOf(shops);
      return this;
    }

    /** Item names. */
    public Builder optItems(List<String> items) {
      this.items = List.copyOf(items);
      return this;
    }

    /** Item lines per receipt, uniform in [min, max]. */
    public Builder optItemsPerReceipt(int min, int max) {
      this.minItems = min;
      this.maxItems = max;
      return this;
    }

    /** The largest quantity of one item line. */
    public Builder optMaxQuantity(int maxQuantity) {
      this.maxQuantity = maxQuantity;
      return this;
    }

    /** Unit prices in currency units. */
    public Builder optUnitPrice(Distribution d) {
      this.unitPrice = d;
      return this;
    }

    /** The tax rate in percent. */
    public Builder optTaxPercent(Distribution d) {
      this.taxPercent = d;
      return this;
    }

    /** The currency code. */
    public Builder optCurrency(String currency) {
      this.currency = currency;
      return this;
    }

    /** The range of dates, ISO {@code yyyy-mm-dd}. */
    public Builder optDates(String from, String to) {
      this.dateFrom = from;
      this.dateTo = to;
      return this;
    }

    /** Paper width in pixels. */
    public Builder optPaperWidth(int paperWidth) {
      this.paperWidth = paperWidth;
      return this;
    }

    /** Font size in pixels. */
    public Builder optFontSize(Distribution d) {
      this.fontSize = d;
      return this;
    }

    /** Crumple strength: the largest mesh-node displacement in pixels. */
    public Builder optCrumple(Distribution d) {
      this.crumple = d;
      return this;
    }

    /** Camera perspective strength (fraction of the paper width a corner may move). */
    public Builder optPerspective(Distribution d) {
      this.perspective = d;
      return this;
    }

    /** Lighting gradient and shadow darkness. */
    public Builder optLighting(Distribution gradient, Distribution shadow) {
      this.lighting = gradient;
      this.shadow = shadow;
      return this;
    }

    /** Camera blur sigma, noise sigma and JPEG quality. */
    public Builder optCamera(Distribution blur, Distribution noise, Distribution jpegQuality) {
      this.blur = blur;
      this.noise = noise;
      this.jpegQuality = jpegQuality;
      return this;
    }

    /**
     * Builds and validates, loading the fonts.
     *
     * @throws InvalidSettingException naming a bad setting and its value
     */
    public ReceiptsConfig build() {
      List<String> families = fontFamilies == null && fontFolder == null ? List.of("DejaVu Sans Mono")
          : fontFamilies;
      return new ReceiptsConfig(fontFolder, families, shops, items, minItems, maxItems, maxQuantity, unitPrice,
          taxPercent, currency, dateFrom, dateTo, paperWidth, fontSize, crumple, perspective, lighting, shadow, blur,
          noise, jpegQuality);
    }
  }
}
