#include "vrs/protect/linear_program.hpp"

#include <coin/Clp_C_Interface.h>

#include <cmath>
#include <string>

namespace vrs::protect {
namespace {

// A solve of a report's attacker problem takes milliseconds; these only stop a runaway.
constexpr int kMaxIterations = 200000;
constexpr double kMaxSeconds = 20.0;
// CLP's own name for "no bound".
constexpr double kClpInfinity = 1e30;

double clp_bound(double value) {
  if (value == kInfinity) return kClpInfinity;
  if (value == -kInfinity) return -kClpInfinity;
  return value;
}

}  // namespace

struct LinearProgram::Solver {
  Clp_Simplex* model = nullptr;
  bool solved_once = false;
  ~Solver() {
    if (model != nullptr) Clp_deleteModel(model);
  }
};

LinearProgram::LinearProgram() = default;
LinearProgram::~LinearProgram() = default;
LinearProgram::LinearProgram(LinearProgram&&) noexcept = default;
LinearProgram& LinearProgram::operator=(LinearProgram&&) noexcept = default;

std::size_t LinearProgram::add_variable(double lower, double upper) {
  solver_.reset();
  lower_.push_back(lower);
  upper_.push_back(upper);
  return lower_.size() - 1;
}

void LinearProgram::add_row(std::vector<std::pair<std::size_t, double>> terms, double lower, double upper) {
  solver_.reset();
  row_terms_.push_back(std::move(terms));
  row_lower_.push_back(lower);
  row_upper_.push_back(upper);
}

Result<Optimum> LinearProgram::minimize(std::size_t variable) { return optimize(variable, 1.0); }
Result<Optimum> LinearProgram::maximize(std::size_t variable) { return optimize(variable, -1.0); }

Result<Optimum> LinearProgram::optimize(std::size_t variable, double direction) {
  const std::size_t n = lower_.size();
  if (variable >= n) {
    return fail(ErrorCode::InvalidArgument, "linear program: variable " + std::to_string(variable) + " does not exist");
  }
  if (!solver_) {
    // Column-major matrix, as CLP's C interface takes it.
    std::vector<std::vector<std::pair<int, double>>> columns(n);
    for (std::size_t r = 0; r < row_terms_.size(); ++r) {
      for (const auto& [v, coefficient] : row_terms_[r]) {
        if (v >= n) return fail(ErrorCode::InvalidArgument, "linear program: row " + std::to_string(r) + " names no variable");
        columns[v].emplace_back(static_cast<int>(r), coefficient);
      }
    }
    std::vector<CoinBigIndex> start{0};
    std::vector<int> index;
    std::vector<double> value;
    for (const auto& column : columns) {
      for (const auto& [r, coefficient] : column) {
        index.push_back(r);
        value.push_back(coefficient);
      }
      start.push_back(static_cast<CoinBigIndex>(index.size()));
    }
    std::vector<double> col_lower(n), col_upper(n), row_lower(row_lower_.size()), row_upper(row_upper_.size());
    for (std::size_t i = 0; i < n; ++i) {
      col_lower[i] = clp_bound(lower_[i]);
      col_upper[i] = clp_bound(upper_[i]);
    }
    for (std::size_t r = 0; r < row_lower_.size(); ++r) {
      row_lower[r] = clp_bound(row_lower_[r]);
      row_upper[r] = clp_bound(row_upper_[r]);
    }
    auto solver = std::make_unique<Solver>();
    solver->model = Clp_newModel();
    if (solver->model == nullptr) return fail(ErrorCode::Internal, "linear program: the solver could not be created");
    Clp_setLogLevel(solver->model, 0);
    Clp_setMaximumIterations(solver->model, kMaxIterations);
    Clp_setMaximumSeconds(solver->model, kMaxSeconds);
    std::vector<double> objective(n, 0.0);
    Clp_loadProblem(solver->model, static_cast<int>(n), static_cast<int>(row_lower.size()), start.data(),
                    index.empty() ? nullptr : index.data(), value.empty() ? nullptr : value.data(), col_lower.data(),
                    col_upper.data(), objective.data(), row_lower.empty() ? nullptr : row_lower.data(),
                    row_upper.empty() ? nullptr : row_upper.data());
    if (Clp_getNumCols(solver->model) != static_cast<int>(n)) {
      return fail(ErrorCode::Internal, "linear program: the solver did not take the problem");
    }
    solver_ = std::move(solver);
  }
  std::vector<double> objective(n, 0.0);
  objective[variable] = 1.0;
  Clp_Simplex* model = solver_->model;
  Clp_chgObjCoefficients(model, objective.data());
  Clp_setOptimizationDirection(model, direction);
  // The first solve runs the dual simplex from the slack basis (these problems are small:
  // presolving them costs more than it saves); later ones start from the last basis, which
  // stays feasible when only the objective changes, so the primal simplex finishes quickly.
  if (!solver_->solved_once) {
    Clp_dual(model, 0);
    solver_->solved_once = true;
  } else {
    Clp_primal(model, 0);
  }
  if (Clp_isProvenOptimal(model) != 0) {
    const double* solution = Clp_getColSolution(model);
    if (solution == nullptr) return fail(ErrorCode::Internal, "linear program: the solver gave no solution");
    return Optimum{solution[variable], false, std::vector<double>(solution, solution + n)};
  }
  if (Clp_isProvenDualInfeasible(model) != 0) return Optimum{direction > 0 ? -kInfinity : kInfinity, true, {}};
  if (Clp_isProvenPrimalInfeasible(model) != 0) {
    return fail(ErrorCode::FailedPrecondition, "linear program: the constraints contradict each other");
  }
  const int status = Clp_status(model);
  solver_.reset();  // a later call starts afresh rather than from a half-finished state
  return fail(ErrorCode::Internal,
              "linear program: the solver stopped before an optimum (status " + std::to_string(status) + ")");
}

}  // namespace vrs::protect
