/*
 * stats.c - keyness between two corpora, as corpus linguists measure it.
 *
 * The log-likelihood G2 of Dunning (1993), with the expected frequencies
 * of Rayson and Garside (2000):
 *
 *     E_a = N_a (a + b) / (N_a + N_b)      E_b = N_b (a + b) / (N_a + N_b)
 *     G2  = 2 (a ln(a / E_a) + b ln(b / E_b))     (a term with 0 count is 0)
 *
 * where a and b are the counts of a key and N_a and N_b the sizes of the
 * two sides.  Its p-value is that of a chi-square with one degree of
 * freedom.  The effect size is Hardie's (2014) log ratio: the binary log of
 * the ratio of the relative frequencies, with a count of 0 taken as 0.5 so
 * that a key found on one side only has a finite ratio.  These are the
 * figures of quanteda's textstat_keyness (measure = "lr") and of AntConc.
 *
 * tifa measures sizes in characters (non-space), since the text is not cut
 * into words.
 */
#include "config.h"

#include <math.h>

#include "tifa.h"

double
stats_g2(double a, double b, double n_a, double n_b)
{
    if (n_a <= 0 || n_b <= 0 || a + b <= 0)
        return 0.0;
    double e_a = n_a * (a + b) / (n_a + n_b);
    double e_b = n_b * (a + b) / (n_a + n_b);
    double g2 = 0.0;
    if (a > 0)
        g2 += a * log(a / e_a);
    if (b > 0)
        g2 += b * log(b / e_b);
    return 2.0 * g2;
}

double
stats_chi2_p(double g2)
{
    /* For one degree of freedom, P(X > x) = erfc(sqrt(x / 2)). */
    if (g2 <= 0)
        return 1.0;
    return erfc(sqrt(g2 / 2.0));
}

double
stats_log_ratio(double a, double b, double n_a, double n_b)
{
    double fa = (a > 0 ? a : 0.5) / n_a;
    double fb = (b > 0 ? b : 0.5) / n_b;
    return log2(fb / fa);
}
