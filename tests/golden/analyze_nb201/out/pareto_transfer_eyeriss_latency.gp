reset
set datafile separator ','
set terminal pngcairo noenhanced size 1200,990 font 'Sans,10'
set output "pareto_transfer_eyeriss_latency.png"
set multiplot layout 3,3 title 'Where the Pareto-optimal networks of eyeriss_latency land on other devices'
set grid
set key bottom right
set ylabel 'test accuracy (%)'
set yrange [87:*]
set title 'edgegpu_latency'
set xlabel 'edgegpu_latency'
plot 'networks_1in8.csv' skip 1 using 2:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_edgegpu_latency.csv' skip 1 using 6:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 6:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'edgegpu_energy'
set xlabel 'edgegpu_energy'
plot 'networks_1in8.csv' skip 1 using 3:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_edgegpu_energy.csv' skip 1 using 7:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 7:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'raspi4_latency'
set xlabel 'raspi4_latency'
plot 'networks_1in8.csv' skip 1 using 4:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_raspi4_latency.csv' skip 1 using 8:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 8:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'edgetpu_latency'
set xlabel 'edgetpu_latency'
plot 'networks_1in8.csv' skip 1 using 5:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_edgetpu_latency.csv' skip 1 using 9:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 9:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'pixel3_latency'
set xlabel 'pixel3_latency'
plot 'networks_1in8.csv' skip 1 using 6:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_pixel3_latency.csv' skip 1 using 10:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 10:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'eyeriss_energy'
set xlabel 'eyeriss_energy'
plot 'networks_1in8.csv' skip 1 using 8:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_eyeriss_energy.csv' skip 1 using 12:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 12:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'fpga_latency'
set xlabel 'fpga_latency'
plot 'networks_1in8.csv' skip 1 using 9:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_fpga_latency.csv' skip 1 using 13:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 13:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'fpga_energy'
set xlabel 'fpga_energy'
plot 'networks_1in8.csv' skip 1 using 10:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_fpga_energy.csv' skip 1 using 14:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 14:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'

unset multiplot
unset output
reset
set datafile separator ','
set terminal svg noenhanced size 1200,990 font 'Sans,10'
set output "pareto_transfer_eyeriss_latency.svg"
set multiplot layout 3,3 title 'Where the Pareto-optimal networks of eyeriss_latency land on other devices'
set grid
set key bottom right
set ylabel 'test accuracy (%)'
set yrange [87:*]
set title 'edgegpu_latency'
set xlabel 'edgegpu_latency'
plot 'networks_1in8.csv' skip 1 using 2:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_edgegpu_latency.csv' skip 1 using 6:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 6:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'edgegpu_energy'
set xlabel 'edgegpu_energy'
plot 'networks_1in8.csv' skip 1 using 3:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_edgegpu_energy.csv' skip 1 using 7:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 7:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'raspi4_latency'
set xlabel 'raspi4_latency'
plot 'networks_1in8.csv' skip 1 using 4:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_raspi4_latency.csv' skip 1 using 8:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 8:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'edgetpu_latency'
set xlabel 'edgetpu_latency'
plot 'networks_1in8.csv' skip 1 using 5:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_edgetpu_latency.csv' skip 1 using 9:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 9:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'pixel3_latency'
set xlabel 'pixel3_latency'
plot 'networks_1in8.csv' skip 1 using 6:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_pixel3_latency.csv' skip 1 using 10:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 10:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'eyeriss_energy'
set xlabel 'eyeriss_energy'
plot 'networks_1in8.csv' skip 1 using 8:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_eyeriss_energy.csv' skip 1 using 12:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 12:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'fpga_latency'
set xlabel 'fpga_latency'
plot 'networks_1in8.csv' skip 1 using 9:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_fpga_latency.csv' skip 1 using 13:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 13:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'
set title 'fpga_energy'
set xlabel 'fpga_energy'
plot 'networks_1in8.csv' skip 1 using 10:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_fpga_energy.csv' skip 1 using 14:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_eyeriss_latency.csv' skip 1 using 14:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'eyeriss_latency front'

unset multiplot
unset output
