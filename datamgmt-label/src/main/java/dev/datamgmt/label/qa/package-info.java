/**
 * Label quality: agreement between annotators ({@link dev.datamgmt.label.qa.Agreement}: Cohen's kappa with
 * optional weights, Fleiss' kappa, Krippendorff's alpha), consensus ({@link dev.datamgmt.label.qa.Consensus}:
 * majority vote, Dawid–Skene EM with a confusion matrix per annotator) and accuracy on gold-standard items
 * ({@link dev.datamgmt.label.qa.GoldStandard}). All work on {@link dev.datamgmt.label.qa.Ratings}, a matrix of class
 * ratings that can be built from the label store's annotations.
 *
 * <p><b>Which agreement to report.</b> Cohen's kappa is for exactly two annotators; Fleiss' kappa for many, but
 * every item needs the same number of ratings; Krippendorff's alpha takes any number per item (missing ratings are
 * the normal case in crowd work) and ordered or numeric labels. All three are checked against reference values
 * (scikit-learn, statsmodels, Krippendorff's own worked example) in the tests.
 */
package dev.datamgmt.label.qa;
