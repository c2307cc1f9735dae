reset
set datafile separator ','
set terminal pngcairo noenhanced size 1200,330 font 'Sans,10'
set output "pareto_transfer_pixel2_latency.png"
set multiplot layout 1,3 title 'Where the Pareto-optimal networks of pixel2_latency land on other devices'
set grid
set key bottom right
set ylabel 'test accuracy (%)'
set yrange [87:*]
set title 'pixel3_latency'
set xlabel 'pixel3_latency'
plot 'networks_1in8.csv' skip 1 using 2:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_pixel3_latency.csv' skip 1 using 6:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_pixel2_latency.csv' skip 1 using 6:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'pixel2_latency front'
set title 'titan_rtx_1_latency'
set xlabel 'titan_rtx_1_latency'
plot 'networks_1in8.csv' skip 1 using 4:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_titan_rtx_1_latency.csv' skip 1 using 8:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_pixel2_latency.csv' skip 1 using 8:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'pixel2_latency front'
set title 'titan_rtx_256_latency'
set xlabel 'titan_rtx_256_latency'
plot 'networks_1in8.csv' skip 1 using 5:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_titan_rtx_256_latency.csv' skip 1 using 9:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_pixel2_latency.csv' skip 1 using 9:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'pixel2_latency front'

unset multiplot
unset output
reset
set datafile separator ','
set terminal svg noenhanced size 1200,330 font 'Sans,10'
set output "pareto_transfer_pixel2_latency.svg"
set multiplot layout 1,3 title 'Where the Pareto-optimal networks of pixel2_latency land on other devices'
set grid
set key bottom right
set ylabel 'test accuracy (%)'
set yrange [87:*]
set title 'pixel3_latency'
set xlabel 'pixel3_latency'
plot 'networks_1in8.csv' skip 1 using 2:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_pixel3_latency.csv' skip 1 using 6:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_pixel2_latency.csv' skip 1 using 6:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'pixel2_latency front'
set title 'titan_rtx_1_latency'
set xlabel 'titan_rtx_1_latency'
plot 'networks_1in8.csv' skip 1 using 4:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_titan_rtx_1_latency.csv' skip 1 using 8:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_pixel2_latency.csv' skip 1 using 8:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'pixel2_latency front'
set title 'titan_rtx_256_latency'
set xlabel 'titan_rtx_256_latency'
plot 'networks_1in8.csv' skip 1 using 5:1 with dots lc rgb '#bbbbbb' title 'all (1 in 8)', 'pareto_titan_rtx_256_latency.csv' skip 1 using 9:5 with steps lw 2 lc rgb 'black' title 'own front', 'pareto_pixel2_latency.csv' skip 1 using 9:5 with points pt 7 ps 0.6 lc rgb '#d62728' title 'pixel2_latency front'

unset multiplot
unset output
