# Sourced by the fetch scripts: the project's own apt sources list and lists
# folder under .cache/apt/, so the machine's apt configuration is never
# changed. The archive address is taken from the machine's own Debian sources.
# Sets: apt_dir, apt_opts (array); refreshes the lists when older than 12 h.
: "${cache:?apt-private.sh needs \$cache}"
apt_dir="$cache/apt"
uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)
[ -n "$uri" ] || uri=$(grep -hs '^deb ' /etc/apt/sources.list | grep -v security | awk '{for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' | head -1 || true)
[ -n "$uri" ] || { echo "memhp: no Debian archive found in /etc/apt sources" >&2; exit 2; }
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/parts"
cat > "$apt_dir/sources.list" <<LIST
deb [signed-by=$keyring] $uri bullseye main
deb [signed-by=$keyring] $uri bookworm main
deb [signed-by=$keyring] $uri trixie main
deb [signed-by=$keyring] $uri trixie-backports main
LIST
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
  -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "APT::Get::List-Cleanup=0" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)

lists_fresh() { [ -n "$(find "$apt_dir/lists" -maxdepth 1 -name '*trixie-backports*Packages*' -mmin -720 2>/dev/null)" ]; }
if ! lists_fresh; then
  apt-get "${apt_opts[@]}" -qq update >&2
fi
