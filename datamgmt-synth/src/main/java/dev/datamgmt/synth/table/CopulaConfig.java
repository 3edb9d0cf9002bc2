package dev.datamgmt.synth.table;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.dist.Gaussian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A Gaussian copula fitted on a real table (the configuration of the {@value #NAME} generator): every column keeps
 * its own marginal, and the dependence between columns is a correlation matrix of normal scores.
 *
 * <p>Fit ({@link #fit}): a numeric column's marginal is its sorted observed values (the empirical quantile
 * function, interpolated linearly); its normal score is {@code Phi^-1(rank / (n + 1))} with average ranks for ties.
 * A categorical column's categories (sorted by name) split [0, 1) into intervals of their frequencies; its
 * normal score is {@code Phi^-1} of its interval's midpoint. The correlation is the Pearson correlation of the
 * scores over rows with no missing value.
 *
 * <p>Sample (one row from the row's stream): {@code k} standard normals (Box-Muller, two draws each),
 * {@code z = L e} with {@code L} the Cholesky factor of the correlation, {@code u = Phi(z)}, then each column's
 * inverse marginal at {@code u}. The fitted model round-trips through JSON, so the provenance of a synthetic table
 * holds everything needed to sample it again.
 *
 * @param columns one marginal per column, in table order
 * @param correlation the correlation matrix of the normal scores, symmetric and positive definite
 */
public record CopulaConfig(List<Marginal> columns, List<List<Double>> correlation) implements GeneratorConfig {
  /** The generator's registered name. */
  public static final String NAME = "gaussian-copula";

  /**
   * One column's marginal: numeric ({@code quantiles}: the sorted observed values) or categorical
   * ({@code categories} with their {@code probabilities}).
   *
   * @param name the column name
   * @param quantiles sorted values of a numeric column, or null
   * @param categories categories of a categorical column, or null
   * @param probabilities their probabilities, summing to 1, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Marginal(String name, List<Double> quantiles, List<String> categories, List<Double> probabilities) {
    /** Validates. */
    public Marginal {
      if (name == null || name.isBlank()) {
        throw new InvalidSettingException("copula.column.name", "a non-blank name", name);
      }
      if ((quantiles == null) == (categories == null)) {
        throw new InvalidSettingException("copula.column " + name, "either quantiles or categories", "both or neither");
      }
      if (quantiles != null) {
        if (quantiles.size() < 2) {
          throw new InvalidSettingException("copula.column " + name, "at least 2 quantiles", quantiles.size());
        }
        for (int i = 1; i < quantiles.size(); i++) {
          if (!(quantiles.get(i) >= quantiles.get(i - 1))) {
            throw new InvalidSettingException("copula.column " + name, "sorted finite quantiles", quantiles.get(i));
          }
        }
        quantiles = List.copyOf(quantiles);
      } else {
        if (probabilities == null || probabilities.size() != categories.size() || categories.size() < 2) {
          throw new InvalidSettingException("copula.column " + name, "at least 2 categories with one probability each",
              categories + " / " + probabilities);
        }
        double sum = probabilities.stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > 1e-9 || probabilities.stream().anyMatch(p -> !(p >= 0))) {
          throw new InvalidSettingException("copula.column " + name, "probabilities >= 0 summing to 1", probabilities);
        }
        categories = List.copyOf(categories);
        probabilities = List.copyOf(probabilities);
      }
    }

    boolean numeric() {
      return quantiles != null;
    }
  }

  /** Validates: one row and column of the correlation per marginal, unit diagonal, symmetric, positive definite. */
  @JsonCreator
  public CopulaConfig(@JsonProperty("columns") List<Marginal> columns,
      @JsonProperty("correlation") List<List<Double>> correlation) {
    if (columns == null || columns.isEmpty()) {
      throw new InvalidSettingException("copula.columns", "at least one column", columns);
    }
    int k = columns.size();
    if (correlation == null || correlation.size() != k || correlation.stream().anyMatch(r -> r.size() != k)) {
      throw new InvalidSettingException("copula.correlation", "a " + k + "x" + k + " matrix", correlation);
    }
    for (int i = 0; i < k; i++) {
      if (Math.abs(correlation.get(i).get(i) - 1) > 1e-9) {
        throw new InvalidSettingException("copula.correlation", "1 on the diagonal", correlation.get(i).get(i));
      }
      for (int j = 0; j < i; j++) {
        if (Math.abs(correlation.get(i).get(j) - correlation.get(j).get(i)) > 1e-9) {
          throw new InvalidSettingException("copula.correlation", "a symmetric matrix",
              "[" + i + "][" + j + "] = " + correlation.get(i).get(j) + " but [" + j + "][" + i + "] = "
                  + correlation.get(j).get(i));
        }
      }
    }
    this.columns = List.copyOf(columns);
    this.correlation = correlation.stream().map(List::copyOf).toList();
    cholesky(); // throws if not positive definite
  }

  /**
   * Fits a copula on {@code table}.
   *
   * @throws InvalidSettingException if a column is all missing or constant (nothing to model), or if no row is
   *     complete
   */
  public static CopulaConfig fit(Table table) {
    List<String> names = table.columnNames();
    int n = table.rowCount();
    List<Marginal> marginals = new ArrayList<>();
    double[][] scores = new double[names.size()][];
    for (int c = 0; c < names.size(); c++) {
      String name = names.get(c);
      double[] z = new double[n];
      if (table.kind(name) == Table.Kind.NUMERIC) {
        double[] v = table.numeric(name);
        double[] present = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (present.length == 0) {
          throw new InvalidSettingException("copula.fit column " + name, "some values", "all " + n + " missing");
        }
        if (present[0] == present[present.length - 1]) {
          throw new InvalidSettingException("copula.fit column " + name, "at least two distinct values",
              "constant " + present[0]);
        }
        for (double x : present) {
          if (!Double.isFinite(x)) {
            throw new InvalidSettingException("copula.fit column " + name, "finite values", x);
          }
        }
        for (int i = 0; i < n; i++) {
          if (Double.isNaN(v[i])) {
            z[i] = Double.NaN;
            continue;
          }
          int lo = lowerBound(present, v[i]), hi = upperBound(present, v[i]);
          double rank = (lo + hi + 1) / 2.0; // average 1-based rank of the ties
          z[i] = Gaussian.inverseCdf(rank / (present.length + 1));
        }
        marginals.add(new Marginal(name, Arrays.stream(present).boxed().toList(), null, null));
      } else {
        String[] v = table.categorical(name);
        TreeMap<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (String s : v) {
          if (s != null) {
            counts.merge(s, 1, Integer::sum);
            total++;
          }
        }
        if (total == 0) {
          throw new InvalidSettingException("copula.fit column " + name, "some values", "all " + n + " missing");
        }
        if (counts.size() < 2) {
          throw new InvalidSettingException("copula.fit column " + name, "at least two categories",
              "constant " + counts.firstKey());
        }
        List<String> cats = new ArrayList<>(counts.keySet());
        List<Double> probs = new ArrayList<>();
        TreeMap<String, Double> mid = new TreeMap<>();
        double cum = 0;
        for (String cat : cats) {
          double p = counts.get(cat) / (double) total;
          probs.add(p);
          mid.put(cat, cum + p / 2);
          cum += p;
        }
        double sum = probs.stream().mapToDouble(Double::doubleValue).sum();
        probs.set(probs.size() - 1, probs.get(probs.size() - 1) + (1 - sum)); // exact sum 1 for validation
        for (int i = 0; i < n; i++) {
          z[i] = v[i] == null ? Double.NaN : Gaussian.inverseCdf(mid.get(v[i]));
        }
        marginals.add(new Marginal(name, null, cats, probs));
      }
      scores[c] = z;
    }
    return new CopulaConfig(marginals, correlationOf(scores, names));
  }

  private static List<List<Double>> correlationOf(double[][] scores, List<String> names) {
    int k = scores.length, n = scores[0].length;
    List<Integer> complete = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean ok = true;
      for (double[] s : scores) {
        ok &= !Double.isNaN(s[i]);
      }
      if (ok) {
        complete.add(i);
      }
    }
    if (complete.size() < 3) {
      throw new InvalidSettingException("copula.fit", "at least 3 rows with no missing value",
          complete.size() + " complete rows");
    }
    double[][] r = new double[k][k];
    double[] mean = new double[k], sd = new double[k];
    for (int a = 0; a < k; a++) {
      for (int i : complete) {
        mean[a] += scores[a][i];
      }
      mean[a] /= complete.size();
      for (int i : complete) {
        sd[a] += (scores[a][i] - mean[a]) * (scores[a][i] - mean[a]);
      }
      sd[a] = Math.sqrt(sd[a]);
      if (sd[a] == 0) {
        throw new InvalidSettingException("copula.fit column " + names.get(a), "values that vary over complete rows",
            "constant over the " + complete.size() + " complete rows");
      }
    }
    for (int a = 0; a < k; a++) {
      for (int b = 0; b <= a; b++) {
        double s = 0;
        for (int i : complete) {
          s += (scores[a][i] - mean[a]) * (scores[b][i] - mean[b]);
        }
        double c = a == b ? 1 : s / (sd[a] * sd[b]) * (1 - 1e-6); // a hair of shrinkage keeps it positive definite
        r[a][b] = c;
        r[b][a] = c;
      }
    }
    List<List<Double>> out = new ArrayList<>();
    for (double[] row : r) {
      out.add(Arrays.stream(row).boxed().toList());
    }
    return out;
  }

  private static int lowerBound(double[] sorted, double x) {
    int lo = 0, hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] sorted, double x) {
    int lo = 0, hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  /** The lower Cholesky factor of the correlation. */
  double[][] cholesky() {
    int k = columns.size();
    double[][] l = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double s = correlation.get(i).get(j);
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new InvalidSettingException("copula.correlation", "a positive definite matrix",
                "pivot " + i + " = " + s);
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  @Override
  public Generator newGenerator() {
    CopulaConfig config = this;
    double[][] l = cholesky();
    int k = columns.size();
    return new Generator() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public Object configuration() {
        return config;
      }

      @Override
      public GeneratedSample generate(long index, SplittableRandom random) {
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
          e[i] = Gaussian.standard(random);
        }
        GeneratedSample.Builder b = GeneratedSample.builder();
        for (int i = 0; i < k; i++) {
          double z = 0;
          for (int j = 0; j <= i; j++) {
            z += l[i][j] * e[j];
          }
          double u = Gaussian.cdf(z);
          Marginal m = columns.get(i);
          b.addAttribute(m.name(), m.numeric() ? (Object) quantile(m.quantiles(), u) : category(m, u));
        }
        return b.build();
      }
    };
  }

  static double quantile(List<Double> sorted, double u) {
    double pos = Math.min(1, Math.max(0, u)) * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.size() - 1, lo + 1);
    return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
  }

  static String category(Marginal m, double u) {
    double cum = 0;
    for (int i = 0; i < m.categories().size(); i++) {
      cum += m.probabilities().get(i);
      if (u < cum) {
        return m.categories().get(i);
      }
    }
    return m.categories().get(m.categories().size() - 1);
  }
}
