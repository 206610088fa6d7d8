"""Branch-to-HQ sync by signed files (同步). Filled by the sync issue; empty on purpose."""
