// Linux syscalls behind small protocols.
