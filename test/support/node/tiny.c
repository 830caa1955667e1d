/* A test container: prints its first argument, writes it as the termination
 * message, optionally sleeps (third argument, seconds), exits with the second. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *msg = argc > 1 ? argv[1] : "tiny";
  printf("%s\n", msg);
  fflush(stdout);
  FILE *f = fopen("/dev/termination-log", "w");
  if (f) {
    fprintf(f, "message: %s", msg);
    fclose(f);
  }
  if (argc > 3) sleep((unsigned)atoi(argv[3]));
  return argc > 2 ? atoi(argv[2]) : 0;
}
