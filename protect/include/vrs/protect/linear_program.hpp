#pragma once
/// A linear program small enough to state in a few lines: bounded variables, rows that keep a
/// weighted sum between two bounds, and the least or greatest value one variable can take.
/// COIN-OR CLP solves it (docs/disclosure.md says why that solver); nothing of CLP shows here.
///
/// Thread-safety: one instance per thread. Solves are bounded in iterations and time; a solve
/// that does not finish is an error, never a guess.

#include <cstddef>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "vrs/common/error.hpp"

namespace vrs::protect {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// The optimum of one objective: its value, or that it has no bound in that direction.
struct Optimum {
  double value = 0;
  bool unbounded = false;
  std::vector<double> point;  ///< a solution reaching the optimum, one value per variable (empty when unbounded)
};

class LinearProgram {
 public:
  LinearProgram();
  ~LinearProgram();
  LinearProgram(LinearProgram&&) noexcept;
  LinearProgram& operator=(LinearProgram&&) noexcept;
  LinearProgram(const LinearProgram&) = delete;
  LinearProgram& operator=(const LinearProgram&) = delete;

  /// A variable with lower ≤ x ≤ upper (either may be ±kInfinity). Returns its index.
  std::size_t add_variable(double lower, double upper = kInfinity);
  /// lower ≤ Σ coefficient·x[variable] ≤ upper. Variables must exist.
  void add_row(std::vector<std::pair<std::size_t, double>> terms, double lower, double upper);

  [[nodiscard]] std::size_t variables() const noexcept { return lower_.size(); }
  [[nodiscard]] std::size_t rows() const noexcept { return row_lower_.size(); }

  /// The least (greatest) value of x[variable] over the feasible set. FailedPrecondition when
  /// the rows contradict each other, Internal when the solver gives up (iteration or time limit,
  /// numerical trouble), InvalidArgument for an unknown variable.
  Result<Optimum> minimize(std::size_t variable);
  Result<Optimum> maximize(std::size_t variable);

 private:
  Result<Optimum> optimize(std::size_t variable, double direction);

  struct Solver;
  std::vector<double> lower_, upper_;
  std::vector<std::vector<std::pair<std::size_t, double>>> row_terms_;
  std::vector<double> row_lower_, row_upper_;
  std::unique_ptr<Solver> solver_;  ///< loaded on the first solve, reused (warm) after
};

}  // namespace vrs::protect
