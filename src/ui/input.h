/* The one place keys come from: the keyboard, or a script of key names (for tests and
 * benchmarks), both going through the same path into the TUI.
 *
 * Script format: key names separated by spaces (as in keymap files: j Down Enter C-l Space ...),
 * '#' starts a comment line, and lines starting with ':' are commands:
 *   :type TEXT        types TEXT literally (UTF-8)
 *   :dump FILE        writes the screen's text to FILE
 *   :resize COLSxROWS resizes the (headless) screen (1 to 1000 each way)
 * When the script ends, the program quits. */
#ifndef KM_INPUT_H
#define KM_INPUT_H
#include <stdbool.h>

/* Pseudo-keys returned by input_key. */
#define KEY_CODE_NONE (-1)      /* timed out: nothing typed */
#define KEY_CODE_EOF (-2)       /* the script ended */
#define KEY_CODE_RESIZE (-3)    /* the terminal changed size */

/* Opens a script (NULL: the keyboard). false with a message on stderr if unreadable. */
bool input_open(const char *script_path);
void input_close(void);
bool input_scripted(void);
/* The next key (see keymap.h for codes), waiting at most timeout_ms (-1: forever). */
int input_key(int timeout_ms);
/* The error of the last script line, if it had an unknown key name (for the message line). */
const char *input_script_error(void);
#endif
