// ArmSet::Refit: the log-linear model of a campaign's conversion rate over a slot's cells,
//   conversions(cell) ~ Poisson(shows(cell) * exp(b0 + sum over segments i in the cell of b_i)),
// fitted by Newton's method with a ridge penalty on the lifts b_i and a weak pseudo-observation
// of base_rate on b0 (so a campaign with no conversions yet keeps a finite, sensible rate).
#include <algorithm>
#include <array>
#include <cmath>

#include "decide/bandit.h"

namespace ripple::decide {
namespace {

constexpr int kIterations = 8;
constexpr double kBaseShows = 20;  // weight of the pseudo-observation of base_rate
constexpr size_t kMaxParams = kMaxLearnSegments + 1;
using Params = std::array<double, kMaxParams>;
using Matrix = std::array<Params, kMaxParams>;

// Solves A x = b (n x n, A symmetric positive definite after the penalty) by Gaussian
// elimination with partial pivoting; false when singular.
bool Solve(Matrix& a, Params& b, size_t n) {
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) < 1e-12) return false;
    std::swap(a[pivot], a[col]);
    std::swap(b[pivot], b[col]);
    for (size_t r = col + 1; r < n; ++r) {
      const double f = a[r][col] / a[col][col];
      for (size_t k = col; k < n; ++k) a[r][k] -= f * a[col][k];
      b[r] -= f * b[col];
    }
  }
  for (size_t col = n; col-- > 0;) {
    for (size_t k = col + 1; k < n; ++k) b[col] -= a[col][k] * b[k];
    b[col] /= a[col][col];
  }
  return true;
}

// The penalised log-likelihood's gradient g and negative Hessian h at beta.
void Accumulate(const Params& beta, const std::vector<double>& shows,
                const std::vector<double>& wins, double base, size_t k, Matrix* hp, Params* gp) {
  Matrix& h = *hp;
  Params& g = *gp;
  h = {};
  g = {};
  // The pseudo-observation on b0.
  const double mu0 = kBaseShows * std::exp(beta[0]);
  g[0] += base * kBaseShows - mu0;
  h[0][0] += mu0;
  for (size_t c = 0; c < shows.size(); ++c) {
    if (shows[c] <= 0) continue;
    double eta = beta[0];
    for (size_t i = 0; i < k; ++i) {
      if ((c >> i) & 1) eta += beta[i + 1];
    }
    const double mu = shows[c] * std::exp(std::min(eta, 0.0));
    const double r = wins[c] - mu;
    g[0] += r;
    h[0][0] += mu;
    for (size_t i = 0; i < k; ++i) {
      if (!((c >> i) & 1)) continue;
      g[i + 1] += r;
      h[0][i + 1] += mu;
      for (size_t j = 0; j < k; ++j) {
        if ((c >> j) & 1) h[i + 1][j + 1] += mu;
      }
    }
  }
  for (size_t i = 1; i <= k; ++i) {
    h[i][0] = h[0][i];
    g[i] -= kLiftPenalty * beta[i];
    h[i][i] += kLiftPenalty;
  }
}

}  // namespace

void ArmSet::Refit(double base_rate) {
  const size_t k = segments(), n = k + 1, cells = arms.size();
  const double base = std::clamp(base_rate, 1e-4, 0.5);
  std::vector<double> shows(cells), wins(cells);
  for (size_t c = 0; c < cells; ++c) {
    shows[c] = static_cast<double>(arms[c].shown.load(std::memory_order_relaxed));
    wins[c] = std::min(shows[c],
                       static_cast<double>(arms[c].conversions.load(std::memory_order_relaxed)));
  }
  Params beta{};
  const double total_shows = static_cast<double>(all.shown.load(std::memory_order_relaxed));
  const double total_wins = static_cast<double>(all.conversions.load(std::memory_order_relaxed));
  beta[0] = std::log((total_wins + base * kBaseShows) / (total_shows + kBaseShows));
  Matrix h;
  Params g;
  for (int it = 0; it < kIterations; ++it) {
    Accumulate(beta, shows, wins, base, k, &h, &g);
    if (!Solve(h, g, n)) break;
    double step = 0;
    for (size_t i = 0; i < n; ++i) {
      const double d = std::clamp(g[i], -2.0, 2.0);  // damped: a log rate moves e^2 at most
      beta[i] += d;
      step = std::max(step, std::abs(d));
    }
    if (step < 1e-6) break;
  }
  // The posterior's variances: the diagonal of the inverse Hessian at the fit.
  Accumulate(beta, shows, wins, base, k, &h, &g);
  for (size_t i = 0; i < n; ++i) {
    Matrix a = h;
    Params e{};
    e[i] = 1;
    const double var = Solve(a, e, n) ? e[i] : 1.0;
    beta_[i].store(static_cast<float>(beta[i]), std::memory_order_relaxed);
    sd_[i].store(static_cast<float>(std::sqrt(std::max(var, 0.0))), std::memory_order_relaxed);
  }
  fitted_.store(true, std::memory_order_release);
}

}  // namespace ripple::decide
