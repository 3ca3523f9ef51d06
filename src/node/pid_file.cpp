#include "ocean/node/pid_file.h"

#include <unistd.h>

#include "ocean/util/fs.h"

namespace ocean {

Result<std::unique_ptr<PidFile>> PidFile::Create(const std::filesystem::path& path) {
    Status s = WriteFileAtomic(path, std::to_string(::getpid()) + "\n", 0644);
    if (!s)
        return Error("pid-file",
                     "Unable to create the PID file " + path.string() + ": " + s.error().ToString());
    return std::unique_ptr<PidFile>(new PidFile(path));
}

PidFile::~PidFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

}  // namespace ocean
