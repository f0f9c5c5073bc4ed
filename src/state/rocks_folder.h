// OpenRocksFolder: opens (creating it and its parent folders) the RocksDB database in a folder,
// the way every durable store of Ripple does, with errors a user can act on: a file in the way,
// a folder another process holds (its LOCK), or what RocksDB said. `what` names the store in
// messages ("state store", "event state").
// Thread-safety: a free function; the DB it returns is RocksDB's (thread-safe).
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace rocksdb {
class DB;
}

namespace ripple::state {

Result<std::unique_ptr<rocksdb::DB>> OpenRocksFolder(const std::string& dir,
                                                     const std::string& what);

}  // namespace ripple::state
