package dev.datamgmt.synth.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Generators;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CopulaTest {

  /** A seeded 70/30 split of the real table. */
  private static Table[] split(Table t, long seed) {
    long[] order = Seeds.permutation(seed, 0, t.rowCount());
    int cut = (int) Math.round(t.rowCount() * 0.7);
    int[] train = IntStream.range(0, cut).map(i -> (int) order[i]).toArray();
    int[] test = IntStream.range(cut, order.length).map(i -> (int) order[i]).toArray();
    return new Table[] {t.rows(train), t.rows(test)};
  }

  @Test
  void wine_conditionalCopula_keepsMarginalsAndCorrelations_andTrainsAsWellAsRealData() throws Exception {
    check("wine_data.csv", true, 0.05);
  }

  @Test
  void breastCancer_conditionalCopula_keepsMarginalsAndCorrelations_andTrainsAsWellAsRealData() throws Exception {
    check("breast_cancer.csv", true, 0.05);
  }

  /** One copula with the class as an ordinal score: marginals kept, class-conditional structure partly lost. */
  @Test
  void wine_singleCopula_keepsMarginals_butTrainsWorse() throws Exception {
    check("wine_data.csv", false, 0.2);
  }

  @Test
  void breastCancer_singleCopula_keepsMarginals_butTrainsWorse() throws Exception {
    check("breast_cancer.csv", false, 0.12);
  }

  private static void check(String csv, boolean conditional, double maxGap) throws Exception {
    Table real = SklearnCsv.read(csv);
    Table[] parts = split(real, 17);
    Generator g = conditional ? ConditionalCopulaConfig.fit(parts[0], "class").newGenerator()
        : CopulaConfig.fit(parts[0]).newGenerator();
    Table synthetic = Table.generate(g, 5, 4 * parts[0].rowCount());

    Fidelity f = Fidelity.compare(parts[0], synthetic);
    Utility u = Utility.tstr(parts[0], parts[1], synthetic, "class", 5);
    System.out.printf("%s %s: max KS %.3f, class TVD %.3f, correlation difference (Frobenius) %.3f (max %.3f),"
            + " TRTR %.3f, TSTR %.3f on %d real test rows%n", g.name(), csv,
        f.ks().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), f.tvd().get("class"),
        f.correlationDifference(), f.maxCorrelationDifference(), u.trtr(), u.tstr(), u.testRows());
    assertThat(f.ks()).allSatisfy((c, ks) -> assertThat(ks).as("KS of %s", c).isLessThanOrEqualTo(0.1));
    assertThat(f.tvd().get("class")).isLessThanOrEqualTo(0.05);
    assertThat(f.maxCorrelationDifference()).isLessThan(0.25);
    assertThat(u.trtr()).isGreaterThan(0.85);
    assertThat(u.gap()).as("TRTR - TSTR").isLessThanOrEqualTo(maxGap);
  }

  @Test
  void independentColumns_wouldLoseTheCorrelations_soTheCheckHasTeeth() throws Exception {
    Table real = SklearnCsv.read("wine_data.csv");
    CopulaConfig fitted = CopulaConfig.fit(real);
    int k = fitted.columns().size();
    List<List<Double>> identity = IntStream.range(0, k)
        .mapToObj(i -> IntStream.range(0, k).mapToObj(j -> i == j ? 1.0 : 0.0).toList()).toList();
    Table independent = Table.generate(new CopulaConfig(fitted.columns(), identity).newGenerator(), 5, 2000);
    Table copula = Table.generate(fitted.newGenerator(), 5, 2000);
    assertThat(Fidelity.compare(real, independent).correlationDifference())
        .isGreaterThan(3 * Fidelity.compare(real, copula).correlationDifference());
  }

  @Test
  void conditionalCopula_roundTripsThroughJson_andNamesTheClassOfABadFit() throws Exception {
    ConditionalCopulaConfig fitted = ConditionalCopulaConfig.fit(SklearnCsv.read("wine_data.csv"), "class");
    assertThat(Generators.readConfig(Generators.writeConfig(fitted))).isEqualTo(fitted);
    Table t = Table.builder().addNumeric("x", new double[] {1, 2, 3, 4, 4, 4})
        .addCategorical("c", new String[] {"a", "a", "a", "b", "b", "b"}).build();
    assertThatThrownBy(() -> ConditionalCopulaConfig.fit(t, "c")).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("where c = b").hasMessageContaining("constant 4.0");
  }

  @Test
  void fittedCopula_roundTripsThroughJson_andSamplesTheSameRows() throws Exception {
    CopulaConfig fitted = CopulaConfig.fit(SklearnCsv.read("wine_data.csv"));
    String json = Generators.writeConfig(fitted);
    CopulaConfig back = (CopulaConfig) Generators.readConfig(json);
    assertThat(back).isEqualTo(fitted);
    assertThat(Synth.sample(back.newGenerator(), 3, 99).attributes())
        .isEqualTo(Synth.sample(fitted.newGenerator(), 3, 99).attributes());
  }

  @Test
  void fit_rejectsConstantAndAllMissingColumns_namingThem() {
    double[] ok = {1, 2, 3, 4, 5};
    Table constant = Table.builder().addNumeric("ok", ok).addNumeric("flat", new double[] {7, 7, 7, 7, 7}).build();
    assertThatThrownBy(() -> CopulaConfig.fit(constant)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("flat").hasMessageContaining("constant 7.0");
    Table missing = Table.builder().addNumeric("ok", ok)
        .addNumeric("gone", new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}).build();
    assertThatThrownBy(() -> CopulaConfig.fit(missing)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("gone").hasMessageContaining("all 5 missing");
    Table oneCategory = Table.builder().addNumeric("ok", ok)
        .addCategorical("c", new String[] {"a", "a", null, "a", "a"}).build();
    assertThatThrownBy(() -> CopulaConfig.fit(oneCategory)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("c").hasMessageContaining("constant a");
    assertThatThrownBy(() -> new CopulaConfig(CopulaConfig.fit(Table.builder().addNumeric("x", ok)
            .addNumeric("y", new double[] {5, 3, 4, 1, 2}).build()).columns(),
        List.of(List.of(1.0, 1.5), List.of(1.5, 1.0))))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("positive definite");
  }

  @Test
  void missingValues_areIgnoredInMarginals_andTheRestStillFits() {
    Table t = Table.builder().addNumeric("x", new double[] {1, 2, Double.NaN, 4, 5, 6})
        .addNumeric("y", new double[] {2, 4, 6, 8, Double.NaN, 12})
        .addCategorical("c", new String[] {"a", "b", "a", null, "b", "a"}).build();
    CopulaConfig c = CopulaConfig.fit(t);
    assertThat(c.columns().get(0).quantiles()).containsExactly(1.0, 2.0, 4.0, 5.0, 6.0);
    assertThat(c.columns().get(2).probabilities()).containsExactly(0.6, 0.4);
  }

  @Test
  void declaredColumns_followTheirDistributions_andRowsLandInAVersion() throws Exception {
    TableConfig config = new TableConfig(List.of(
        ColumnSpec.numeric("age", Distribution.truncatedNormal(40, 12, 18, 90)),
        ColumnSpec.categorical("plan", new WeightedChoice(List.of("free", "pro"), List.of(9.0, 1.0)))));
    assertThat(Generators.readConfig(Generators.writeConfig(config))).isEqualTo(config);
    Generator g = config.newGenerator();
    Table t = Table.generate(g, 0, 5000);
    double[] age = t.numeric("age");
    assertThat(java.util.Arrays.stream(age).min().orElseThrow()).isGreaterThanOrEqualTo(18);
    assertThat(java.util.Arrays.stream(age).max().orElseThrow()).isLessThanOrEqualTo(90);
    long pro = java.util.Arrays.stream(t.categorical("plan")).filter("pro"::equals).count();
    assertThat(pro / 5000.0).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.015));

    DatasetVersion v = Synth.commit(g).setRepository(Repository.init(new InMemoryBlobStore())).setSeed(0)
        .setRange(0, 50).build().run();
    assertThat(v.size()).isEqualTo(50);
    assertThat(v.get(3).blobs()).isEmpty();
    assertThat(v.get(3).attributes()).isEqualTo(Synth.sample(g, 0, 3).attributes());
    assertThatThrownBy(() -> new TableConfig(List.of(ColumnSpec.numeric("a", Distribution.constant(1)),
        ColumnSpec.numeric("a", Distribution.constant(2))))).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("a (twice)");
  }
}
