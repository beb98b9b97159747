#pragma once
/// How progress over many batches is shown on stderr while the outbox is sent.

namespace vrs::client::outbox {

enum class ProgressMode {
  Off,
  Lines,  ///< "batch 3/40: 1500/20000 records", one line per batch (logs, pipes)
  Bar,    ///< the same line redrawn with \r (a terminal)
};

}  // namespace vrs::client::outbox
