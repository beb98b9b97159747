// The one translation unit that compiles Boost.JSON (separate compilation: every other file
// includes only the declarations). See schema/CMakeLists.txt for why Boost::json is not linked.
#include <boost/json/src.hpp>
