// SPDX-License-Identifier: GPL-2.0
/* The dmabridge program: the whole command line lives in the library. */
#include <dmabridge/dmabridge.h>

int main(int argc, char **argv)
{
	return dmabridge_main(argc, argv);
}
