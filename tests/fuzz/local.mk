# --- Fuzzing (included by Makefile.am).
# make check replays every target's seed corpus (tests/fuzz/corpus/NAME) and reproducers of
# fixed bugs (tests/fuzz/crashes/NAME) through replay.c, built with the normal compiler.
# make fuzz builds each target with clang's libFuzzer, AddressSanitizer and UBSan (the project's
# sources compiled again, into tests/fuzz/build) and runs each for FUZZ_SECONDS.
FUZZ_TARGETS = vnum text csv criteria keymap config import
FUZZ_SECONDS = 20

check_PROGRAMS += tests/fuzz/replay-vnum tests/fuzz/replay-text tests/fuzz/replay-csv \
	tests/fuzz/replay-criteria tests/fuzz/replay-keymap tests/fuzz/replay-config \
	tests/fuzz/replay-import
FUZZ_REPLAY_FILES = tests/fuzz/replay.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz.h
tests_fuzz_replay_vnum_SOURCES = tests/fuzz/fuzz_vnum.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_vnum_LDADD = $(KM_LIBS)
tests_fuzz_replay_text_SOURCES = tests/fuzz/fuzz_text.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_text_LDADD = $(KM_LIBS)
tests_fuzz_replay_csv_SOURCES = tests/fuzz/fuzz_csv.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_csv_LDADD = $(KM_LIBS)
tests_fuzz_replay_criteria_SOURCES = tests/fuzz/fuzz_criteria.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_criteria_LDADD = $(KM_LIBS)
tests_fuzz_replay_keymap_SOURCES = tests/fuzz/fuzz_keymap.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_keymap_LDADD = $(KM_LIBS)
tests_fuzz_replay_config_SOURCES = tests/fuzz/fuzz_config.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_config_LDADD = $(KM_LIBS)
tests_fuzz_replay_import_SOURCES = tests/fuzz/fuzz_import.c $(FUZZ_REPLAY_FILES)
tests_fuzz_replay_import_LDADD = $(KM_LIBS)

TESTS += tests/fuzz/replay.sh
AM_TESTS_ENVIRONMENT += KM_FUZZ_TARGETS='$(FUZZ_TARGETS)'; export KM_FUZZ_TARGETS;
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/run-fuzzer.sh tests/fuzz/corpus tests/fuzz/crashes \
	$(FUZZ_TARGETS:%=tests/fuzz/%.dict)

# The fuzzing build: the core library's sources, the keymap and the shared fuzz helpers.
FUZZ_DIR = tests/fuzz/build
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined $(WARN_CFLAGS) $(AM_CPPFLAGS) $(CPPFLAGS) \
	-I$(top_srcdir)/tests/fuzz $(NCURSESW_CFLAGS) $(SQLITE_CFLAGS) $(UTF8PROC_CFLAGS) \
	$(INIPARSER_CFLAGS) $(XLSXWRITER_CFLAGS)
FUZZ_CORE_FILES = $(filter %.c,$(src_libkmcore_a_SOURCES)) src/ui/keymap.c src/ui/actions.c \
	tests/fuzz/fuzz_common.c
FUZZ_CORE_OBJECTS = $(FUZZ_CORE_FILES:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_LIBS = $(NCURSESW_LIBS) $(SQLITE_LIBS) $(UTF8PROC_LIBS) $(INIPARSER_LIBS) $(XLSXWRITER_LIBS) -lm

$(FUZZ_DIR)/obj/%.o: $(srcdir)/%.c config.h
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/libkm-fuzz.a: $(FUZZ_CORE_OBJECTS)
	$(AM_V_AR)rm -f $@ && $(AR) cr $@ $(FUZZ_CORE_OBJECTS)
$(FUZZ_DIR)/fuzz-%: $(srcdir)/tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libkm-fuzz.a
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -MF $@.d -o $@ $< \
		$(FUZZ_DIR)/libkm-fuzz.a $(FUZZ_LIBS)
-include $(FUZZ_CORE_OBJECTS:.o=.d) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%.d)

# Runs a target (after the build of all of them, so that the runs do not share the cores with it).
fuzz-run-%: $(FUZZ_DIR)/fuzz-% fuzz-build
	@$(SHELL) $(srcdir)/tests/fuzz/run-fuzzer.sh $* $(FUZZ_DIR)/fuzz-$* $(srcdir) $(FUZZ_DIR)/run-$* \
		$(FUZZ_SECONDS)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%)
fuzz-all: $(FUZZ_TARGETS:%=fuzz-run-%)
	@cat $(FUZZ_TARGETS:%=$(FUZZ_DIR)/run-%/summary)
fuzz:
	@if test -z "$(FUZZ_CC)"; then \
	  echo "make fuzz needs clang with libFuzzer and its sanitizers:" >&2; \
	  echo "  apt-get install clang libclang-rt-14-dev, then run ./configure again" >&2; \
	  exit 1; \
	fi
	@$(MAKE) $(AM_MAKEFLAGS) fuzz-all
clean-fuzz:
	rm -rf $(FUZZ_DIR)
.PHONY: fuzz fuzz-all fuzz-build clean-fuzz
