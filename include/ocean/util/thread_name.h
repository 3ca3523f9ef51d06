// SetThreadName: names the calling thread (at most 15 characters are kept, the kernel's limit), so
// that top -H, /proc/<pid>/task/*/comm, gdb and benchmark scripts can tell oceand's threads apart.
#pragma once

#include <string_view>

namespace ocean {

void SetThreadName(std::string_view name);

}  // namespace ocean
