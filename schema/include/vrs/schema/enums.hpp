#pragma once
/// The enumerations of `vrs.incident/1` (docs/csv-format.md) and one name table per enum: the
/// JSON / CSV spelling of each value. Enumerators are numbered 0..N-1 in table order; that order
/// is also the order in which sets are encoded.
///
/// All functions are constexpr/noexcept and thread-safe.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vrs::schema {

enum class Conduct { Smuggling, DocumentFraud, EnablingIllegalStay, IrregularMigration };
enum class DetectionLocation {
  Airport, Seaport, LandCheckpoint, LandBetweenCheckpoints, AtSea, Inland, ExitPrevented, Other
};
enum class RouteRole { Origin, Transit, Destination };
enum class TransportMode { Air, Land, Sea, Unknown };
enum class Sex { Female, Male, Unknown };
enum class MigrantAge { Child, Adult, Unknown };
enum class DocumentStatus { None, Genuine, Fraudulent, Unknown };
enum class SmugglerAge { Juvenile, Adult, Unknown };
enum class SmugglerRole {
  Organiser, Recruiter, Transporter, Crew, Guide, DocumentSupplier, Financier, CorruptOfficial,
  Other
};
enum class Method {
  FraudulentDocuments, GenuineDocumentsMisused, VisaAbuse, TransitSwap, Concealment,
  UnseaworthyVessel, CommercialFlight, LandVehicle, OnFoot, Corruption, PayOnArrival, Other
};
enum class DocumentType { Passport, Visa, IdCard, ResidencePermit, Other };
enum class FraudType {
  Counterfeit, Forged, PhotoSubstituted, Impostor, FraudulentlyObtained, StolenBlank
};
enum class FeeBasis { Person, Group };            ///< fees[].per
enum class FeeCoverage { FullJourney, Leg };      ///< fees[].covers
enum class PaymentMethod { Cash, Bank, Hawala, Mobile, PayOnArrival, Other, Unknown };
enum class Abuse { EndangeredLife, InhumanTreatment, Exploitation, Violence, Extortion };
enum class Sharing { AggregateOnly, Analysts, Members };
enum class RecordStatus { Active, Withdrawn };

/// EnumTable<E>::names[i] is the wire name of the enumerator with value i.
template <class E> struct EnumTable;

#define VRS_SCHEMA_ENUM_TABLE(E, ...)                                               \
  template <> struct EnumTable<E> {                                                 \
    static constexpr std::array names = std::to_array<std::string_view>(__VA_ARGS__); \
  }

VRS_SCHEMA_ENUM_TABLE(Conduct, {"smuggling", "document_fraud", "enabling_illegal_stay",
                                "irregular_migration"});
VRS_SCHEMA_ENUM_TABLE(DetectionLocation,
                      {"airport", "seaport", "land_checkpoint", "land_between_checkpoints",
                       "at_sea", "inland", "exit_prevented", "other"});
VRS_SCHEMA_ENUM_TABLE(RouteRole, {"origin", "transit", "destination"});
VRS_SCHEMA_ENUM_TABLE(TransportMode, {"air", "land", "sea", "unknown"});
VRS_SCHEMA_ENUM_TABLE(Sex, {"female", "male", "unknown"});
VRS_SCHEMA_ENUM_TABLE(MigrantAge, {"child", "adult", "unknown"});
VRS_SCHEMA_ENUM_TABLE(DocumentStatus, {"none", "genuine", "fraudulent", "unknown"});
VRS_SCHEMA_ENUM_TABLE(SmugglerAge, {"juvenile", "adult", "unknown"});
VRS_SCHEMA_ENUM_TABLE(SmugglerRole,
                      {"organiser", "recruiter", "transporter", "crew", "guide",
                       "document_supplier", "financier", "corrupt_official", "other"});
VRS_SCHEMA_ENUM_TABLE(Method, {"fraudulent_documents", "genuine_documents_misused",
                               "visa_abuse", "transit_swap", "concealment",
                               "unseaworthy_vessel", "commercial_flight", "land_vehicle",
                               "on_foot", "corruption", "pay_on_arrival", "other"});
VRS_SCHEMA_ENUM_TABLE(DocumentType, {"passport", "visa", "id_card", "residence_permit", "other"});
VRS_SCHEMA_ENUM_TABLE(FraudType, {"counterfeit", "forged", "photo_substituted", "impostor",
                                  "fraudulently_obtained", "stolen_blank"});
VRS_SCHEMA_ENUM_TABLE(FeeBasis, {"person", "group"});
VRS_SCHEMA_ENUM_TABLE(FeeCoverage, {"full_journey", "leg"});
VRS_SCHEMA_ENUM_TABLE(PaymentMethod,
                      {"cash", "bank", "hawala", "mobile", "pay_on_arrival", "other", "unknown"});
VRS_SCHEMA_ENUM_TABLE(Abuse, {"endangered_life", "inhuman_treatment", "exploitation", "violence",
                              "extortion"});
VRS_SCHEMA_ENUM_TABLE(Sharing, {"aggregate_only", "analysts", "members"});
VRS_SCHEMA_ENUM_TABLE(RecordStatus, {"active", "withdrawn"});

#undef VRS_SCHEMA_ENUM_TABLE

template <class E>
concept SchemaEnum = requires { EnumTable<E>::names; };

/// All wire names of E, in enumerator order.
template <SchemaEnum E>
constexpr std::span<const std::string_view> enum_names() noexcept {
  return EnumTable<E>::names;
}

/// The wire name of `value`. Precondition: `value` is a declared enumerator.
template <SchemaEnum E>
constexpr std::string_view to_string(E value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  return index < EnumTable<E>::names.size() ? EnumTable<E>::names[index] : std::string_view{};
}

/// The enumerator whose wire name is exactly `name` (case-sensitive), or nullopt.
template <SchemaEnum E>
constexpr std::optional<E> parse_enum(std::string_view name) noexcept {
  const auto& names = EnumTable<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

/// "a, b, c": the allowed names, for error messages.
template <SchemaEnum E>
std::string enum_choices() {
  std::string out;
  for (auto name : EnumTable<E>::names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace vrs::schema
