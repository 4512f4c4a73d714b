package dev.slabpool.visualvm;

import org.openide.modules.ModuleInstall;

/** Registers the Slabs view when VisualVM loads the module, and removes it when unloaded. */
public final class Installer extends ModuleInstall {
  @Override
  public void restored() {
    SlabsViewProvider.register();
  }

  @Override
  public void uninstalled() {
    SlabsViewProvider.unregister();
  }
}
