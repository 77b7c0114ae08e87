"""Output: writing files safely. Every file is written atomically (:mod:`.atomic`), and a folder that a command
fills is tracked by a manifest so that only the files it wrote are ever replaced or removed
(:mod:`.owned_folder`)."""
