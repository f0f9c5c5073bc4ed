#include "state/rocks_folder.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <filesystem>
#include <system_error>

namespace ripple::state {

namespace fs = std::filesystem;

Result<std::unique_ptr<rocksdb::DB>> OpenRocksFolder(const std::string& dir,
                                                     const std::string& what) {
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st) && !fs::is_directory(st)) {
    return Status::InvalidArgument(what + " " + dir +
                                   " is not a folder (a file is in the way): remove or rename it, "
                                   "or choose another output folder");
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + what + " folder " + dir + ": " + ec.message());

  rocksdb::Options o;
  o.create_if_missing = true;
  o.compression = rocksdb::kLZ4Compression;
  o.keep_log_file_num = 3;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(o, dir, &raw);
  if (!s.ok()) {
    const std::string why = s.ToString();
    if (why.find("lock hold") != std::string::npos ||
        why.find("While lock file") != std::string::npos) {
      return Status::IoError(what + " " + dir +
                             " is in use by another process (its LOCK file is held): stop that "
                             "process or use another output folder (" +
                             why + ")");
    }
    return Status::IoError("cannot open " + what + " " + dir + ": " + why);
  }
  return std::unique_ptr<rocksdb::DB>(raw);
}

}  // namespace ripple::state
