#include "vrs/schema/synthetic.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <initializer_list>
#include <iterator>
#include <string_view>
#include <utility>

#include "detail/text.hpp"
#include "vrs/schema/codes.hpp"
#include "vrs/schema/validate.hpp"

namespace vrs::schema {
namespace {

// ---------------------------------------------------------------------------------------------
// PRNG. Our own, integer-only (no <random> distributions, no libm) so that every platform
// produces the same bytes. splitmix64 (Steele, Lea, Flood 2014) seeds xoshiro256**
// (Blackman, Vigna 2018); each record gets its own stream from (seed, index).

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t x = mix64(mix64(seed ^ 0x5652532d47454e31ULL) ^ index);  // "VRS-GEN1"
    for (auto& s : s_) s = mix64(x += 0x9e3779b97f4a7c15ULL);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [0, n) for n ≥ 1; the modulo bias (< n / 2^64) is irrelevant for our n.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool chance(unsigned permille) { return below(1000) < permille; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

/// Index i with probability weights[i] / sum (sum > 0).
template <class Weights>
std::size_t pick_index(Rng& rng, const Weights& weights) {
  std::uint64_t total = 0;
  for (auto w : weights) total += w;
  std::uint64_t r = rng.below(total);
  for (std::size_t i = 0;; ++i) {
    if (r < weights[i]) return i;
    r -= weights[i];
  }
}
/// An enumerator drawn from weights indexed by enumerator value.
template <class E, std::size_t N>
E pick_enum(Rng& rng, const std::array<unsigned, N>& weights) {
  return static_cast<E>(pick_index(rng, weights));
}
template <class T>
struct Weighted {
  T value;
  unsigned weight;
};
template <class T, std::size_t N>
const T& pick(Rng& rng, const std::array<Weighted<T>, N>& table) {
  std::array<unsigned, N> weights{};
  for (std::size_t i = 0; i < N; ++i) weights[i] = table[i].weight;
  return table[pick_index(rng, weights)].value;
}

// ---------------------------------------------------------------------------------------------
// Tables. Weights are relative; "permille" values are independent probabilities ×1000.
// Tables indexed by mode follow TransportMode order: air, land, sea, unknown.

// clang-format off
constexpr auto kAir = TransportMode::Air;
constexpr auto kLand = TransportMode::Land;
constexpr auto kSea = TransportMode::Sea;

/// One country of a route template and the mode used to reach it (for the origin: to leave).
struct Hop {
  std::string_view country;
  TransportMode mode = TransportMode::Unknown;
};
struct RouteTemplate {
  unsigned weight;
  std::array<Hop, 4> hops;  ///< ends at the first empty country
};

constexpr std::array<RouteTemplate, 30> kRoutes{{
    // Maritime arrivals in Australia, often after flying to Malaysia and Indonesia.
    {6, {{{"AFG", kAir}, {"MYS", kAir}, {"IDN", kAir}, {"AUS", kSea}}}},
    {3, {{{"IRN", kAir}, {"MYS", kAir}, {"IDN", kSea}, {"AUS", kSea}}}},
    {2, {{{"PAK", kAir}, {"IDN", kAir}, {"AUS", kSea}}}},
    {2, {{{"CHN", kAir}, {"IDN", kAir}, {"AUS", kSea}}}},
    {4, {{{"LKA", kSea}, {"AUS", kSea}}}},
    {2, {{{"VNM", kSea}, {"AUS", kSea}}}},
    {2, {{{"IDN", kSea}, {"AUS", kSea}}}},
    // Air routes to Australia, New Zealand, Malaysia, Japan, Korea (document fraud, visas).
    {4, {{{"IND", kAir}, {"ARE", kAir}, {"AUS", kAir}}}},
    {3, {{{"CHN", kAir}, {"AUS", kAir}}}},
    {2, {{{"LKA", kAir}, {"SGP", kAir}, {"AUS", kAir}}}},
    {1, {{{"PAK", kAir}, {"QAT", kAir}, {"MYS", kAir}, {"AUS", kAir}}}},
    {2, {{{"IND", kAir}, {"QAT", kAir}, {"NZL", kAir}}}},
    {1, {{{"CHN", kAir}, {"SGP", kAir}, {"NZL", kAir}}}},
    {1, {{{"IRN", kAir}, {"ARE", kAir}, {"THA", kAir}, {"NZL", kAir}}}},
    {3, {{{"VNM", kAir}, {"KOR", kAir}}}},
    {2, {{{"VNM", kAir}, {"JPN", kAir}}}},
    {1, {{{"CHN", kAir}, {"THA", kAir}, {"JPN", kAir}}}},
    {1, {{{"NPL", kAir}, {"QAT", kAir}, {"KOR", kAir}}}},
    {1, {{{"LKA", kAir}, {"THA", kAir}, {"KOR", kAir}}}},
    {2, {{{"NPL", kAir}, {"MYS", kAir}}}},
    {2, {{{"BGD", kAir}, {"MYS", kAir}}}},
    {2, {{{"PAK", kAir}, {"ARE", kAir}, {"MYS", kAir}}}},
    // Bay of Bengal and Andaman Sea boats; overland routes into Thailand and Malaysia.
    {4, {{{"BGD", kSea}, {"MYS", kSea}}}},
    {3, {{{"MMR", kSea}, {"THA", kSea}, {"MYS", kLand}}}},
    {1, {{{"MMR", kSea}, {"IDN", kSea}}}},
    {3, {{{"IDN", kSea}, {"MYS", kSea}}}},
    {4, {{{"MMR", kLand}, {"THA", kLand}}}},
    {3, {{{"MMR", kLand}, {"THA", kLand}, {"MYS", kLand}}}},
    {2, {{{"VNM", kLand}, {"KHM", kLand}, {"THA", kLand}}}},
    {1, {{{"CHN", kLand}, {"MMR", kLand}, {"THA", kLand}}}},
}};

/// Persons per incident: heavy-tailed, boats of hundreds are rare (~2% of sea incidents).
struct SizeBand {
  std::int64_t min, max;
};
constexpr std::array<std::array<Weighted<SizeBand>, 5>, 4> kSizes{{
    {{{{1, 1}, 55}, {{2, 4}, 35}, {{5, 12}, 10}, {{13, 20}, 0}, {{21, 40}, 0}}},
    {{{{1, 3}, 30}, {{4, 10}, 35}, {{11, 25}, 25}, {{26, 40}, 10}, {{41, 60}, 0}}},
    {{{{1, 5}, 15}, {{6, 20}, 36}, {{21, 60}, 32}, {{61, 99}, 15}, {{100, 600}, 2}}},
    {{{{1, 3}, 40}, {{4, 10}, 35}, {{11, 25}, 20}, {{26, 40}, 5}, {{41, 60}, 0}}},
}};

// DetectionLocation order: airport, seaport, land_checkpoint, land_between_checkpoints,
// at_sea, inland, exit_prevented, other.
constexpr std::array<std::array<unsigned, 8>, 4> kLocation{{
    {92, 0, 0, 0, 0, 8, 0, 0}, {0, 0, 45, 40, 0, 15, 0, 0},
    {0, 35, 0, 0, 65, 0, 0, 0}, {0, 0, 0, 0, 0, 40, 0, 60}}};

/// Migrants' sex/age mixes: adult men dominate boats; air travel has more women.
constexpr std::array<std::pair<Sex, MigrantAge>, 5> kKinds{{{Sex::Male, MigrantAge::Adult},
    {Sex::Female, MigrantAge::Adult}, {Sex::Male, MigrantAge::Child},
    {Sex::Female, MigrantAge::Child}, {Sex::Unknown, MigrantAge::Unknown}}};
constexpr std::array<std::array<unsigned, 5>, 4> kKindWeights{
    {{55, 35, 4, 4, 2}, {55, 28, 7, 6, 4}, {62, 18, 9, 7, 4}, {50, 25, 8, 7, 10}}};
constexpr std::array<unsigned, 4> kUnaccompaniedPermille{100, 250, 250, 150};

/// Second and third nationalities on mixed boats and convoys (ICAO XXA = stateless).
constexpr std::array<Weighted<std::string_view>, 14> kCompanions{{{"AFG", 20}, {"IRN", 15},
    {"IRQ", 10}, {"PAK", 10}, {"LKA", 5}, {"MMR", 5}, {"BGD", 8}, {"VNM", 5}, {"CHN", 5},
    {"IND", 5}, {"NPL", 3}, {"SOM", 4}, {"XXA", 5}, {"XXX", 4}}};
/// Issuers of look-alike, stolen or counterfeited passports.
constexpr std::array<Weighted<std::string_view>, 10> kDonors{{{"MYS", 15}, {"SGP", 8},
    {"KOR", 10}, {"JPN", 8}, {"GBR", 10}, {"FRA", 8}, {"ITA", 8}, {"ESP", 6}, {"CAN", 6},
    {"USA", 8}}};

// DocumentStatus order: none, genuine, fraudulent, unknown.
constexpr std::array<std::array<unsigned, 4>, 4> kDocStatus{
    {{10, 70, 0, 20}, {50, 15, 0, 35}, {60, 5, 0, 35}, {30, 20, 0, 50}}};
constexpr std::array<unsigned, 4> kDocStatusFraud{0, 20, 70, 10};
constexpr std::array<unsigned, 4> kDocumentFraudPermille{550, 80, 20, 100};

// SmugglerRole order: organiser, recruiter, transporter, crew, guide, document_supplier,
// financier, corrupt_official, other.
constexpr std::array<std::array<unsigned, 9>, 4> kRoles{{{30, 15, 0, 0, 15, 25, 5, 5, 5},
    {20, 10, 35, 0, 25, 0, 0, 5, 5}, {20, 10, 15, 40, 5, 0, 5, 0, 5},
    {30, 15, 20, 0, 15, 5, 5, 5, 5}}};

// Method order: fraudulent_documents, genuine_documents_misused, visa_abuse, transit_swap,
// concealment, unseaworthy_vessel, commercial_flight, land_vehicle, on_foot, corruption,
// pay_on_arrival, other. Independent permille each; rules below add the implied ones.
constexpr std::array<std::array<unsigned, 12>, 4> kMethods{{
    {0, 150, 200, 100, 20, 0, 1000, 0, 0, 30, 0, 20},
    {0, 0, 0, 0, 300, 0, 0, 650, 450, 100, 0, 20},
    {0, 0, 0, 0, 50, 800, 0, 0, 0, 50, 0, 30},
    {0, 0, 0, 0, 50, 0, 0, 0, 0, 20, 0, 300}}};

// DocumentType order: passport, visa, id_card, residence_permit, other.
constexpr std::array<unsigned, 5> kDocTypes{55, 25, 8, 7, 5};
// FraudType order: counterfeit, forged, photo_substituted, impostor, fraudulently_obtained,
// stolen_blank.
constexpr std::array<unsigned, 6> kFraudTypes{25, 20, 20, 20, 10, 5};
// PaymentMethod order: cash, bank, hawala, mobile, pay_on_arrival, other, unknown.
constexpr std::array<std::array<unsigned, 7>, 4> kPayments{{{30, 25, 20, 10, 0, 0, 15},
    {55, 0, 5, 15, 10, 0, 15}, {35, 5, 35, 5, 10, 0, 10}, {40, 10, 20, 10, 5, 0, 15}}};

/// Fee per person in whole currency units, rounded to `step`; `where` must be on the route
/// (empty = anywhere). Magnitudes follow UNODC/Bali Process reporting for these corridors.
struct FeeBand {
  unsigned weight;
  TransportMode mode;
  std::string_view where, currency;
  std::int64_t min, max, step;
  FeeCoverage covers;
};
constexpr auto kFull = FeeCoverage::FullJourney;
constexpr std::array<FeeBand, 14> kFees{{
    {5, kSea, "AUS", "USD", 2'000, 15'000, 500, kFull},
    {3, kSea, "AUS", "AUD", 3'000, 20'000, 500, kFull},
    {3, kSea, "IDN", "IDR", 15'000'000, 150'000'000, 1'000'000, FeeCoverage::Leg},
    {4, kSea, "MYS", "MYR", 5'000, 15'000, 500, kFull},
    {2, kSea, "", "USD", 1'000, 4'000, 100, kFull},
    {5, kAir, "", "USD", 5'000, 25'000, 500, kFull},
    {1, kAir, "", "EUR", 8'000, 20'000, 500, kFull},
    {2, kAir, "AUS", "AUD", 10'000, 30'000, 1'000, kFull},
    {3, kAir, "MYS", "MYR", 3'000, 12'000, 500, kFull},
    {4, kLand, "THA", "THB", 5'000, 30'000, 1'000, kFull},
    {3, kLand, "MYS", "MYR", 1'000, 5'000, 100, kFull},
    {1, kLand, "", "USD", 300, 2'000, 100, kFull},
    {1, TransportMode::Unknown, "", "USD", 500, 10'000, 500, kFull},
    {1, TransportMode::Unknown, "", "EUR", 500, 10'000, 500, kFull},
}};

/// Harm: independent permille and maximum per incident, by mode (deaths, missing, injured).
struct HarmOdds {
  std::array<unsigned, 3> permille;
  std::array<std::int64_t, 3> max;
};
constexpr std::array<HarmOdds, 4> kHarm{{{{0, 0, 5}, {0, 0, 2}},
    {{5, 3, 30}, {5, 5, 6}}, {{15, 15, 40}, {50, 60, 12}}, {{2, 2, 10}, {3, 3, 3}}}};
// Abuse order: endangered_life, inhuman_treatment, exploitation, violence, extortion.
constexpr std::array<std::array<unsigned, 5>, 4> kAbuse{
    {{0, 5, 30, 5, 20}, {150, 30, 40, 40, 50}, {350, 50, 20, 30, 40}, {50, 20, 20, 20, 20}}};

constexpr std::array<unsigned, 3> kSharing{85, 10, 5};  // aggregate_only, analysts, members
// clang-format on

// ---------------------------------------------------------------------------------------------

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

std::size_t mode_index(TransportMode m) { return static_cast<std::size_t>(m); }

/// Options checked once, and what every record needs from them.
struct Plan {
  const SyntheticOptions* options = nullptr;
  std::string seed_text;
  std::chrono::sys_days first;
  std::uint64_t days = 1;  ///< number of days in [first, min(last, today)]
  std::array<unsigned, kRoutes.size()> base{};
  std::array<unsigned, kRoutes.size()> preferred{};  ///< routes through the reporting state
  bool has_preferred = false;
  bool replace_destination = false;  ///< the state is on no template: it becomes the destination
};

std::chrono::sys_days to_days(const Date& d) {
  return std::chrono::year_month_day{std::chrono::year{d.year},
                                     std::chrono::month{static_cast<unsigned>(d.month)},
                                     std::chrono::day{static_cast<unsigned>(*d.day)}};
}

std::string make_ref(const Plan& plan, std::size_t index) {
  const std::string number = std::to_string(index + 1);
  std::string ref = plan.options->ref_prefix;
  ref += '-';
  ref += plan.seed_text;
  ref += '-';
  if (number.size() < 6) ref.append(6 - number.size(), '0');
  ref += number;
  return ref;
}

Result<Plan> make_plan(const SyntheticOptions& o) {
  const auto bad = [](std::string_view option, const std::string& value, std::string_view why) {
    return fail(ErrorCode::InvalidArgument, concat({option, ": ", value, " ", why}));
  };
  const Date today = o.today.value_or(today_utc());
  const std::array<std::pair<std::string_view, Date>, 3> dates{
      {{"first", o.first}, {"last", o.last}, {"today", today}}};
  for (const auto& [name, date] : dates)
    if (!date.day || !is_calendar_date(date) || date.year < kMinYear)
      return bad(name, detail::quote(to_string(date)), "is not a full calendar date from 1900 on");
  Plan plan;
  plan.options = &o;
  plan.seed_text = std::to_string(o.seed);
  plan.first = to_days(o.first);
  const auto last = std::min(to_days(o.last), to_days(today));
  if (plan.first > to_days(o.last))
    return bad("first", detail::quote(to_string(o.first)),
               concat({"is after last (", to_string(o.last), ")"}));
  if (plan.first > last)
    return bad("first", detail::quote(to_string(o.first)),
               concat({"is after today (", to_string(today), ")"}));
  plan.days = static_cast<std::uint64_t>((last - plan.first).count()) + 1;
  if (!is_country_alpha3(o.reporting_state))
    return bad("reporting_state", detail::quote(o.reporting_state),
               "is not an ISO 3166-1 alpha-3 code");
  const bool prefix_chars_ok = std::all_of(o.ref_prefix.begin(), o.ref_prefix.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
  if (o.ref_prefix.empty() || !prefix_chars_ok)
    return bad("ref_prefix", detail::quote(o.ref_prefix),
               "must be non-empty letters, digits, '-', '_' or '.'");
  if (make_ref(plan, std::max<std::size_t>(o.count, 1) - 1).size() > kMaxRefBytes)
    return bad("ref_prefix", detail::quote(o.ref_prefix),
               concat({"makes refs longer than ", std::to_string(kMaxRefBytes), " bytes"}));
  for (std::size_t i = 0; i < kRoutes.size(); ++i) {
    plan.base[i] = kRoutes[i].weight;
    for (std::size_t h = 0; h < kRoutes[i].hops.size(); ++h)
      if (kRoutes[i].hops[h].country == o.reporting_state)  // transit/destination first
        plan.preferred[i] = kRoutes[i].weight * (h == 0 ? 1 : 4);
    plan.has_preferred = plan.has_preferred || plan.preferred[i] > 0;
  }
  if (!plan.has_preferred) {  // e.g. a European member: air routes, flown to that state
    plan.replace_destination = true;
    for (std::size_t i = 0; i < kRoutes.size(); ++i) {
      const auto& hops = kRoutes[i].hops;
      const auto end =
          std::find_if(hops.begin(), hops.end(), [](const Hop& h) { return h.country.empty(); });
      if (std::prev(end)->mode != kAir) plan.base[i] = 0;
    }
  }
  return plan;
}

/// Builds record `index`: route and detection first, then everything that depends on the mode
/// of the detected movement (group sizes, methods, fees, harm).
class Builder {
 public:
  Builder(const Plan& plan, std::size_t index) : plan_(plan), rng_(plan.options->seed, index) {
    inc_.ref = make_ref(plan, index);
  }

  Incident build() {
    date();
    route();
    inc_.conduct.insert(irregular_ ? Conduct::IrregularMigration : Conduct::Smuggling);
    if (rng_.chance(kDocumentFraudPermille[mode_index(mode_)]))
      inc_.conduct.insert(Conduct::DocumentFraud);
    if (inc_.detection.location == DetectionLocation::Inland && rng_.chance(600))
      inc_.conduct.insert(Conduct::EnablingIllegalStay);
    migrants();
    if (!irregular_) smugglers();
    methods();
    if (inc_.conduct.contains(Conduct::DocumentFraud)) documents();
    if (!irregular_) fees();
    harm();
    response();
    inc_.sharing = pick_enum<Sharing>(rng_, kSharing);
    return std::move(inc_);
  }

 private:
  void date() {
    Date d;
    const std::chrono::year_month_day ymd{
        plan_.first + std::chrono::days{static_cast<int>(rng_.below(plan_.days))}};
    d.year = static_cast<int>(ymd.year());
    d.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    if (!rng_.chance(100)) d.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    inc_.date = d;
  }

  void route() {
    const std::string& state = plan_.options->reporting_state;
    const bool prefer = plan_.has_preferred && rng_.chance(900);
    for (const Hop& hop : kRoutes[pick_index(rng_, prefer ? plan_.preferred : plan_.base)].hops) {
      if (hop.country.empty()) break;
      countries_.emplace_back(hop.country);
      modes_.push_back(hop.mode);
    }
    if (plan_.replace_destination) countries_.back() = state;
    const std::size_t last = countries_.size() - 1;
    const auto at = std::find(countries_.begin(), countries_.end(), state);
    if (at != countries_.end())
      det_ = static_cast<std::size_t>(at - countries_.begin());
    else  // detected abroad (liaison, joint operation): at the destination or in transit
      det_ = (last >= 2 && !rng_.chance(700)) ? 1 + rng_.below(last - 1) : last;
    const bool leaving = det_ == 0 || (det_ < last && rng_.chance(400));
    from_ = leaving ? det_ : det_ - 1;
    mode_ = modes_[from_ + 1];
    inc_.detection = {countries_[det_],
                      leaving ? DetectionLocation::ExitPrevented
                              : pick_enum<DetectionLocation>(rng_, kLocation[mode_index(mode_)])};
    irregular_ = mode_ != kSea && rng_.chance(100);
    for (std::size_t i = 0; i <= last; ++i) {
      const RouteRole role = i == 0      ? RouteRole::Origin
                             : i == last ? RouteRole::Destination
                                         : RouteRole::Transit;
      const bool gap = i != det_ && i != from_ + 1 && rng_.chance(50);  // mode not recorded
      std::string country = countries_[i];
      if ((i == 0 && det_ != 0 && rng_.chance(80)) ||
          (i == last && det_ != last && rng_.chance(200)))
        country = kUnknownCode;  // origin / destination not established
      inc_.route.push_back({std::move(country), role, gap ? TransportMode::Unknown : modes_[i]});
    }
  }

  std::string_view origin_nationality() {
    if (inc_.route.front().country == kUnknownCode && rng_.chance(500)) return kUnknownCode;
    if (countries_.front() == "MMR" && rng_.chance(600)) return "XXA";  // Rohingya: stateless
    return rng_.chance(30) ? kUnknownCode : std::string_view(countries_.front());
  }

  void migrants() {
    const auto& band = pick(rng_, kSizes[mode_index(mode_)]);
    const std::int64_t total = rng_.between(band.min, band.max);
    std::array<std::string_view, 3> nats{origin_nationality()};
    const std::size_t wanted = std::min(pick_index(rng_, std::array<unsigned, 4>{0, 72, 20, 8}),
                                        static_cast<std::size_t>(total));
    std::size_t k = 1;  // distinct nationalities; a repeated draw ends the list
    while (k < wanted) {
      const std::string_view n = pick(rng_, kCompanions);
      if (std::find(nats.begin(), nats.begin() + k, n) != nats.begin() + k) break;
      nats[k++] = n;
    }
    std::array<std::array<std::int64_t, kKinds.size()>, 3> counts{};
    for (std::int64_t p = 0; p < total; ++p) {
      const std::size_t n = (k == 1 || rng_.chance(700)) ? 0 : 1 + rng_.below(k - 1);
      ++counts[n][pick_index(rng_, kKindWeights[mode_index(mode_)])];
    }
    const bool fraud = inc_.conduct.contains(Conduct::DocumentFraud);
    for (std::size_t n = 0; n < k; ++n)
      for (std::size_t kind = 0; kind < kKinds.size(); ++kind) {
        if (counts[n][kind] == 0) continue;
        MigrantGroup g;
        g.nationality = nats[n];
        g.sex = kKinds[kind].first;
        g.age = kKinds[kind].second;
        g.count = counts[n][kind];
        if (g.age == MigrantAge::Child && rng_.chance(kUnaccompaniedPermille[mode_index(mode_)]))
          g.unaccompanied_children = rng_.between(1, g.count);
        g.document_status = g.age == MigrantAge::Unknown ? DocumentStatus::Unknown
                            : fraud
                                ? pick_enum<DocumentStatus>(rng_, kDocStatusFraud)
                                : pick_enum<DocumentStatus>(rng_, kDocStatus[mode_index(mode_)]);
        inc_.migrants.push_back(std::move(g));
      }
  }

  void smugglers() {
    const auto groups = pick_index(rng_, std::array<unsigned, 4>{30, 35, 20, 15});
    for (std::size_t i = 0; i < groups; ++i) {
      SmugglerGroup g;
      g.role = pick_enum<SmugglerRole>(rng_, kRoles[mode_index(mode_)]);
      const bool on_the_ground =
          g.role == SmugglerRole::Crew || g.role == SmugglerRole::Transporter ||
          g.role == SmugglerRole::Guide || g.role == SmugglerRole::CorruptOfficial;
      g.nationality = rng_.chance(40)    ? std::string(kUnknownCode)
                      : rng_.chance(150) ? countries_[rng_.below(countries_.size())]
                                         : countries_[on_the_ground ? from_ : 0];
      g.sex = pick_enum<Sex>(rng_, std::array<unsigned, 3>{8, 90, 2});
      g.age = pick_enum<SmugglerAge>(
          rng_, std::array<unsigned, 3>{g.role == SmugglerRole::Crew ? 12U : 0U, 80, 10});
      g.count = g.role == SmugglerRole::Crew          ? rng_.between(1, 6)
                : g.role == SmugglerRole::Transporter ? rng_.between(1, 3)
                : rng_.chance(800)                    ? 1
                                                      : 2;
      inc_.smugglers.push_back(std::move(g));
    }
  }

  void methods() {
    const auto& odds = kMethods[mode_index(mode_)];
    for (std::size_t m = 0; m < odds.size(); ++m)
      if (rng_.chance(odds[m])) inc_.methods.insert(static_cast<Method>(m));
    if (mode_ == kLand && !inc_.methods.contains(Method::LandVehicle))
      inc_.methods.insert(Method::OnFoot);
    if (inc_.conduct.contains(Conduct::DocumentFraud))
      inc_.methods.insert(Method::FraudulentDocuments);
    if (mode_ == kAir && inc_.detection.location == DetectionLocation::Inland)
      inc_.methods.insert(Method::VisaAbuse);
    if (mode_ != kAir && std::find(modes_.begin(), modes_.end(), kAir) != modes_.end() &&
        rng_.chance(500))
      inc_.methods.insert(Method::CommercialFlight);  // flew to the embarkation country
    for (const auto& s : inc_.smugglers)
      if (s.role == SmugglerRole::CorruptOfficial) inc_.methods.insert(Method::Corruption);
  }

  void documents() {
    const std::int64_t persons = migrant_total(inc_);
    const std::size_t groups = rng_.chance(700) ? 1 : 2;
    for (std::size_t i = 0; i < groups; ++i) {
      DocumentGroup d;
      d.type = pick_enum<DocumentType>(rng_, kDocTypes);
      d.fraud = pick_enum<FraudType>(rng_, kFraudTypes);
      if (d.type == DocumentType::Visa || d.type == DocumentType::ResidencePermit)
        d.issuer = countries_.back();  // the destination's visa or permit
      else if (d.fraud == FraudType::FraudulentlyObtained)
        d.issuer = countries_.front();  // genuine passport of the origin, obtained by fraud
      else if ((d.fraud == FraudType::Counterfeit || d.fraud == FraudType::Forged) &&
               rng_.chance(100))
        d.issuer = kUnknownCode;
      else
        d.issuer = pick(rng_, kDonors);
      d.count = rng_.between(1, std::min<std::int64_t>(persons, 4));
      inc_.documents.push_back(std::move(d));
    }
  }

  void fees() {
    const auto persons = migrant_total(inc_);
    const auto count = pick_index(rng_, std::array<unsigned, 3>{45, 45, 10});
    std::array<unsigned, kFees.size()> weights{};
    for (std::size_t b = 0; b < kFees.size(); ++b) {
      const bool on_route =
          kFees[b].where.empty() ||
          std::find(countries_.begin(), countries_.end(), kFees[b].where) != countries_.end();
      weights[b] = kFees[b].mode == mode_ && on_route ? kFees[b].weight : 0;
    }
    for (std::size_t i = 0; i < count; ++i) {
      const FeeBand& band = kFees[pick_index(rng_, weights)];
      std::int64_t amount = rng_.between(band.min / band.step, band.max / band.step) * band.step;
      Fee fee{0, std::string(band.currency), FeeBasis::Person,
              i == 0 ? band.covers : FeeCoverage::Leg,
              pick_enum<PaymentMethod>(rng_, kPayments[mode_index(mode_)])};
      if (persons >= 2 && persons <= 8 && rng_.chance(150)) {  // a family paying together
        fee.per = FeeBasis::Group;
        amount = amount * persons * 9 / 10 / band.step * band.step;
      }
      fee.amount_minor = std::min(amount * 100, kMaxFeeMinor);
      if (fee.payment == PaymentMethod::PayOnArrival) inc_.methods.insert(Method::PayOnArrival);
      inc_.fees.push_back(std::move(fee));
    }
  }

  void harm() {
    const auto persons = migrant_total(inc_);
    const HarmOdds& odds = kHarm[mode_index(mode_)];
    std::array<std::int64_t*, 3> fields{&inc_.harm.deaths, &inc_.harm.missing, &inc_.harm.injured};
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (rng_.chance(odds.permille[i]))
        *fields[i] = rng_.between(1, std::min(odds.max[i], persons));
    const auto& abuse = kAbuse[mode_index(mode_)];
    for (std::size_t a = 0; a < abuse.size(); ++a)
      if (rng_.chance(abuse[a])) inc_.harm.abuse.insert(static_cast<Abuse>(a));
    if (inc_.harm.deaths > 0 || inc_.harm.missing > 0)
      inc_.harm.abuse.insert(Abuse::EndangeredLife);
  }

  void response() {
    auto& r = inc_.response;
    std::int64_t suspects = 0;
    for (const auto& s : inc_.smugglers) suspects += s.count;
    r.arrests = (suspects > 0 && rng_.chance(750)) ? rng_.between(1, suspects) : 0;
    const bool investigated = r.arrests > 0 || rng_.chance(irregular_ ? 100 : 400);
    r.investigations = investigated ? (rng_.chance(900) ? 1 : 2) : 0;
    r.prosecutions = r.arrests > 0 && rng_.chance(450) ? rng_.between(1, r.arrests) : 0;
    r.convictions = r.prosecutions > 0 && rng_.chance(350) ? rng_.between(1, r.prosecutions) : 0;
  }

  const Plan& plan_;
  Rng rng_;
  Incident inc_;
  std::vector<std::string> countries_;  ///< true route countries
  std::vector<TransportMode> modes_;    ///< mode used to reach each country (origin: to leave)
  std::size_t det_ = 0;                 ///< route index of the detection country
  std::size_t from_ = 0;                ///< route index the detected movement started from
  TransportMode mode_ = TransportMode::Unknown;  ///< mode of the detected movement
  bool irregular_ = false;                       ///< no smuggler involvement established
};

}  // namespace

Result<void> generate_incidents(const SyntheticOptions& options,
                                const std::function<bool(std::size_t, const Incident&)>& sink) {
  auto plan = make_plan(options);
  if (!plan) return fail(plan.error());
  for (std::size_t i = 0; i < options.count; ++i)
    if (!sink(i, Builder(*plan, i).build())) break;
  return {};
}

Result<std::vector<Incident>> generate_incidents(const SyntheticOptions& options) {
  auto plan = make_plan(options);
  if (!plan) return fail(plan.error());
  std::vector<Incident> out;
  out.reserve(options.count);
  for (std::size_t i = 0; i < options.count; ++i) out.push_back(Builder(*plan, i).build());
  return out;
}

}  // namespace vrs::schema
